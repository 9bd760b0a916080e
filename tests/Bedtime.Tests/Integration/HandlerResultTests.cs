using System.Net;
using Bedtime.Http;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Integration;

/// <summary>
/// A handler's result is executed inside the shared pipeline (as the Functions middleware hands it over), so a
/// failure while writing it is still a problem response with the request id, never a dropped connection.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class HandlerResultTests(StandInsFixture standIns) : IAsyncLifetime
{
    private const string Route = "probe/result";
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await standIns.StartRunnerAsync(
        _ => { },
        s => s.AddSingleton(new HostEndpoint(new ApiEndpoint("FailingResult", HttpMethods.Get, Route, typeof(FailingResultHandler), EndpointAccess.Anonymous)))
            .AddScoped<FailingResultHandler>());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_result_that_fails_while_it_is_written_becomes_a_500_problem_with_the_request_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/" + Route);
        request.Headers.Add("X-Request-Id", "result-probe-1");

        using var response = await _app.Client.SendAsync(request);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("result-probe-1", problem.GetProperty("requestId").GetString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private sealed class ThrowingResult : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => throw new InvalidOperationException("writing the result failed");
    }

    public sealed class FailingResultHandler : IApiHandler
    {
        public Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) => Task.FromResult<IResult>(new ThrowingResult());
    }
}
