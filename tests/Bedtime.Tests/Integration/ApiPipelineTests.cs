using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Integration;

/// <summary>The shared pipeline as a client meets it through the local runner.</summary>
[Collection(StandInsCollection.Name)]
public sealed class ApiPipelineTests(StandInsFixture standIns) : IAsyncLifetime
{
    private RunningApp _app = null!;

    public async Task InitializeAsync() => _app = await standIns.StartRunnerAsync(s => s["Cors:AllowedOrigins"] = "https://app.example, https://admin.example");
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/api/nope")]
    [InlineData("/api/stories/x/y/z")]
    [InlineData("/")]
    [InlineData("/robots.txt")]
    public async Task An_unknown_route_is_a_404_problem(string path)
    {
        using var response = await _app.Client.GetAsync(path);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("route_not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_wrong_method_on_a_known_route_is_a_405_problem()
    {
        using var response = await _app.Client.DeleteAsync("/api/health");

        var problem = await Problems.ReadAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_request_the_Functions_host_routed_to_a_function_is_matched_only_against_that_functions_endpoint()
    {
        var pipeline = _app.Services.GetRequiredService<ApiPipeline>();
        ApiEndpoint? ran = null;
        Task<IResult?> Handle(HttpContext context) { ran = ApiEndpoint.Matched(context); return Task.FromResult<IResult?>(Results.NoContent()); }

        var routed = Request(HttpMethods.Get, "/api/health");
        await pipeline.InvokeAsync(routed, Handle, FunctionNames.Health);
        var wrongMethod = Request(HttpMethods.Delete, "/api/health");
        await pipeline.InvokeAsync(wrongMethod, _ => throw new InvalidOperationException("must not run"), FunctionNames.Health);
        var otherRoute = Request(HttpMethods.Get, "/api/stories/st_1");
        await pipeline.InvokeAsync(otherRoute, _ => throw new InvalidOperationException("must not run"), FunctionNames.Health);

        Assert.Equal(FunctionNames.Health, ran?.Name);
        Assert.Equal(StatusCodes.Status405MethodNotAllowed, wrongMethod.Response.StatusCode);
        Assert.Equal(StatusCodes.Status404NotFound, otherRoute.Response.StatusCode);

        DefaultHttpContext Request(string method, string path) => new()
        {
            RequestServices = _app.Services,
            Request = { Method = method, Path = path },
            Response = { Body = new MemoryStream() },
        };
    }

    [Fact]
    public async Task A_body_whose_declared_length_is_over_the_limit_is_a_413_problem_before_it_is_read()
    {
        using var content = new ByteArrayContent(new byte[65 * 1024]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health") { Content = content };
        using var response = await _app.Client.SendAsync(request);

        var problem = await Problems.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("payload_too_large", problem.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/nope")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var response = await _app.Client.GetAsync(path);

        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", Header(response, "Content-Security-Policy"));
        Assert.StartsWith("max-age=", Header(response, "Strict-Transport-Security"));
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task A_well_formed_request_id_is_echoed_and_appears_in_problems()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nope");
        request.Headers.Add("X-Request-Id", "client-123.abc");
        using var response = await _app.Client.SendAsync(request);

        Assert.Equal("client-123.abc", Header(response, "X-Request-Id"));
        var problem = await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("client-123.abc", problem.GetProperty("requestId").GetString());
    }

    [Theory]
    [InlineData("has spaces in it")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_request_id_is_replaced_by_a_fresh_one(string supplied)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        request.Headers.TryAddWithoutValidation("X-Request-Id", supplied);
        using var response = await _app.Client.SendAsync(request);

        var id = Header(response, "X-Request-Id");
        Assert.NotEqual(supplied, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task A_configured_origin_gets_CORS_headers_and_its_preflight_is_answered()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/health");
        preflight.Headers.Add("Origin", "https://app.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var response = await _app.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("POST", Header(response, "Access-Control-Allow-Methods"));
        Assert.Contains("Idempotency-Key", Header(response, "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Another_origin_gets_no_CORS_headers_and_its_preflight_is_refused()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/health");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        using var refused = await _app.Client.SendAsync(preflight);
        using var simple = new HttpRequestMessage(HttpMethod.Get, "/api/health");
        simple.Headers.Add("Origin", "https://evil.example");
        using var plain = await _app.Client.SendAsync(simple);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(plain.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(",", content) : "";
}
