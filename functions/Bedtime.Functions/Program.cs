using Bedtime.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
FunctionsApp.Configure(builder);
builder.Build().Run();
