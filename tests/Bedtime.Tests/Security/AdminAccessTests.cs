using System.Net;
using System.Security.Cryptography;
using Bedtime.Http;
using Bedtime.Secrets;
using Bedtime.Security;
using Bedtime.Tests.Integration;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Security;

/// <summary>Admin-only operations need the <c>admin</c> role: a test-only admin endpoint served by the runner's pipeline.</summary>
[Collection(StandInsCollection.Name)]
public sealed class AdminAccessTests(StandInsFixture standIns) : IAsyncLifetime
{
    private const string Route = "ops/probe";
    private readonly ProbeCalls _calls = new();
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await standIns.StartRunnerAsync(
        s => s["Auth:DevelopmentTokens"] = "true",
        s => s.AddSingleton(new HostEndpoint(new ApiEndpoint("AdminProbe", HttpMethods.Post, Route, typeof(AdminProbe), EndpointAccess.Admin)))
            .AddSingleton(_calls).AddScoped<AdminProbe>());

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Without_credentials_an_admin_route_is_a_401()
    {
        using var response = await _app.Client.PostAsync("/api/" + Route, null);

        await Problems.ReadAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_user_without_the_admin_role_gets_a_403_problem_and_the_handler_never_runs()
    {
        using var user = await _app.ClientForAsync("parent-mia", "reader");

        using var response = await user.PostAsync("/api/" + Route, null);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("forbidden", problem.GetProperty("code").GetString());
        Assert.Equal(0, _calls.Count);
    }

    [Fact]
    public async Task A_service_API_key_is_not_an_admin()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await _app.Services.GetRequiredService<ISecretVault>().AddVersionAsync("api-key-material", key, null, new Dictionary<string, string>(), CancellationToken.None);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/" + Route);
        request.Headers.Add("X-Api-Key", key);

        using var response = await _app.Client.SendAsync(request);

        await Problems.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_caller_with_the_admin_role_reaches_the_operation()
    {
        using var admin = await _app.ClientForAsync("operator-ann", "admin");

        using var response = await admin.PostAsync("/api/" + Route, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, _calls.Count);
    }

    public sealed class ProbeCalls
    {
        private int _count;
        public int Count => _count;
        public void Add() => Interlocked.Increment(ref _count);
    }

    public sealed class AdminProbe(ProbeCalls calls) : IApiHandler
    {
        public Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
        {
            calls.Add();
            return Task.FromResult(Results.Ok(new { caller = Caller.Of(context).OwnerId }));
        }
    }
}
