using Bedtime.Local.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Bedtime.Tests.Local;

public sealed class LocalRunnerBuilderTests
{
    [Fact]
    public void The_local_hosts_watch_no_settings_file_under_the_repository()
    {
        // A watched appsettings.json at the repository root watches every folder under it, node_modules included.
        var builder = WebApplication.CreateSlimBuilder(LocalRunner.BuilderOptions([], RepositoryRoot.Find()));

        var files = builder.Configuration.Sources.OfType<FileConfigurationSource>().ToList();
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(file.ReloadOnChange, $"{file.Path} is watched for changes"));
    }

    [Fact]
    public void The_command_line_still_reaches_the_settings()
    {
        var builder = WebApplication.CreateSlimBuilder(LocalRunner.BuilderOptions(["--Cors:AllowedOrigins=https://app.example"], RepositoryRoot.Find()));

        Assert.Equal("https://app.example", builder.Configuration["Cors:AllowedOrigins"]);
    }
}
