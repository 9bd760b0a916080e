using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Bedtime.Stories.Writing;
using Bedtime.Tests.Integration;
using Bedtime.Tests.Stories;
using Bedtime.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bedtime.Tests.Security;

/// <summary>
/// Hostile input at the JSON routes (<c>POST /api/stories</c>, <c>POST /api/uploads/sessions</c>), in headers and in
/// route ids: always a 4xx, never a 5xx, and a problem body wherever the application (not Kestrel) answers.
/// </summary>
[Collection(StandInsCollection.Name)]
public sealed class HostileInputTests(StandInsFixture standIns) : IAsyncLifetime
{
    private static readonly string[] JsonRoutes = ["/api/stories", "/api/uploads/sessions"];
    private const string Story = """{"childName":"Mia","age":5,"theme":"space","length":"short"}""";
    private const string Session = """{"fileName":"a.wav","contentType":"audio/wav","sizeBytes":100}""";
    private RunningApp _app = null!;
    private HttpClient _mia = null!;

    public async Task InitializeAsync()
    {
        _app = await standIns.StartRunnerAsync(s => s["Auth:DevelopmentTokens"] = "true", s => s.AddSingleton<IStoryWriter>(new ScriptedStoryWriter()));
        _mia = await _app.ClientForAsync("parent-mia");
    }

    public async Task DisposeAsync()
    {
        _mia.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>Bodies that are not the route's JSON object: (what, story body, session body).</summary>
    public static IEnumerable<(string What, byte[] Story, byte[] Session)> MalformedBodies()
    {
        static (string, byte[], byte[]) Both(string what, string story, string session) => (what, Encoding.UTF8.GetBytes(story), Encoding.UTF8.GetBytes(session));
        static (string, byte[], byte[]) Same(string what, string body) => Both(what, body, body);
        var nested = new string('[', 5000) + new string(']', 5000);
        var deepObject = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        yield return Same("empty", "");
        yield return Same("whitespace", "   \n\t ");
        yield return Same("null", "null");
        yield return Same("array", "[]");
        yield return Same("string", "\"hello\"");
        yield return Same("number", "42");
        yield return Same("truncated", Story[..25]);
        yield return Same("trailing garbage", Story + " x");
        yield return Same("two objects", Story + Story);
        yield return Same("comment", "/* hi */" + Story);
        yield return Same("single quotes", Story.Replace('"', '\''));
        yield return Same("nested arrays 5000 deep", nested);
        yield return Both("deep object in a field", Story.Replace("\"age\":5", "\"narration\":" + deepObject + ",\"age\":5"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":" + deepObject));
        yield return Both("duplicate key", Story.Replace("\"age\":5", "\"age\":5,\"age\":6"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100,\"sizeBytes\":1"));
        yield return Both("duplicate key differing in case", Story.Replace("\"age\":5", "\"age\":5,\"Age\":6"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100,\"SizeBytes\":1"));
        yield return Both("duplicate nested key", Story.Replace("\"age\":5", "\"age\":5,\"narration\":{\"enabled\":true,\"enabled\":false}"), Session.Replace("\"fileName\":\"a.wav\"", "\"fileName\":\"a.wav\",\"fileName\":\"b.wav\""));
        yield return Both("unknown field", Story.Replace("\"age\":5", "\"age\":5,\"admin\":true"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100,\"blobName\":\"x\""));
        yield return Both("missing required field", Story.Replace("\"childName\":\"Mia\",", ""), Session.Replace("\"fileName\":\"a.wav\",", ""));
        yield return Both("string for a number", Story.Replace("\"age\":5", "\"age\":\"5\""), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":\"100\""));
        yield return Both("number for a string", Story.Replace("\"Mia\"", "5"), Session.Replace("\"a.wav\"", "5"));
        yield return Both("object for a string", Story.Replace("\"Mia\"", "{}"), Session.Replace("\"a.wav\"", "{\"$ref\":\"x\"}"));
        yield return Both("array for a string", Story.Replace("\"space\"", "[\"space\"]"), Session.Replace("\"audio/wav\"", "[\"audio/wav\"]"));
        yield return Both("null for a required field", Story.Replace("\"Mia\"", "null"), Session.Replace("\"a.wav\"", "null"));
        yield return Both("boolean for a number", Story.Replace("\"age\":5", "\"age\":true"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":true"));
        yield return Both("fraction for an integer", Story.Replace("\"age\":5", "\"age\":5.5"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100.5"));
        yield return Both("huge integer", Story.Replace("\"age\":5", "\"age\":" + new string('9', 400)), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":" + new string('9', 400)));
        yield return Both("just over long", Story.Replace("\"age\":5", "\"age\":2147483648"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":9223372036854775808"));
        yield return Both("huge exponent", Story.Replace("\"age\":5", "\"age\":1e308"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":1e400"));
        yield return Both("negative", Story.Replace("\"age\":5", "\"age\":-5"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":-100"));
        yield return Both("NaN", Story.Replace("\"age\":5", "\"age\":NaN"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":NaN"));
        yield return Both("leading zero", Story.Replace("\"age\":5", "\"age\":05"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":0100"));
        yield return Both("huge string", Story.Replace("\"Mia\"", "\"" + new string('a', 60_000) + "\""), Session.Replace("\"a.wav\"", "\"" + new string('a', 60_000) + "\""));
        yield return Both("lone surrogate escape", Story.Replace("\"Mia\"", "\"Mi\\ud800a\""), Session.Replace("\"a.wav\"", "\"a\\udc00.wav\""));
        yield return Both("NUL in a string", Story.Replace("\"Mia\"", "\"Mi\\u0000a\""), Session.Replace("\"audio/wav\"", "\"audio/wav\\u0000\""));
        yield return Both("enum as a number", Story.Replace("\"short\"", "0"), Session.Replace("\"audio/wav\"", "\"AUDIO/WAV\""));
        yield return Both("too many upload ids", Story.Replace("\"age\":5", "\"age\":5,\"uploadIds\":[" + string.Join(",", Enumerable.Repeat("\"up_1\"", 1000)) + "]"), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":0"));
        // RegularExpression lets an empty string through: an optional field given as "" must still be refused.
        yield return Both("empty optional pattern field", Story.Replace("\"length\":\"short\"", "\"length\":\"short\",\"language\":\"\""), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100,\"sha256\":\"\""));
        yield return Both("sha256 not hex", Story.Replace("\"length\":\"short\"", "\"length\":\"short\",\"language\":\"\\u0065n\\u0000\""), Session.Replace("\"sizeBytes\":100", "\"sizeBytes\":100,\"sha256\":\"" + new string('z', 64) + "\""));
    }

    [Fact]
    public async Task Malformed_bodies_are_400_problems_on_both_JSON_routes()
    {
        var wrong = new List<string>();
        foreach (var (what, story, session) in MalformedBodies())
            foreach (var (route, body) in new[] { (JsonRoutes[0], story), (JsonRoutes[1], session) })
            {
                using var response = await PostAsync(route, body, "application/json");
                if (await ProblemStatusAsync(response) is var status && status != 400) wrong.Add($"{what} on {route}: {status}");
            }

        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Invalid_UTF_8_is_a_400_problem()
    {
        byte[][] invalid =
        [
            [0xC3, 0x28],             // a lead byte without its continuation
            [0xC0, 0xAF],             // an over-long '/'
            [0xED, 0xA0, 0x80],       // an encoded surrogate
            [0xF8, 0x88, 0x80, 0x80], // a 5-byte sequence
            [0xFF],
        ];
        var wrong = new List<string>();
        foreach (var bytes in invalid)
            foreach (var (route, template) in new[] { (JsonRoutes[0], Story.Replace("Mia", "M\u0001a")), (JsonRoutes[1], Session.Replace("a.wav", "\u0001.wav")) })
            {
                var utf8 = Encoding.UTF8.GetBytes(template);
                var at = Array.IndexOf(utf8, (byte)0x01);
                byte[] body = [.. utf8[..at], .. bytes, .. utf8[(at + 1)..]];
                using var response = await PostAsync(route, body, "application/json");
                if (await ProblemStatusAsync(response) is var status && status != 400) wrong.Add($"{Convert.ToHexString(bytes)} on {route}: {status}");
            }

        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/xml")]
    [InlineData("application/jsonp")]
    [InlineData("application/json, text/plain")]
    [InlineData("*/*")]
    [InlineData(null)]
    public async Task A_body_that_is_not_declared_as_UTF_8_JSON_is_a_415_problem(string? contentType)
    {
        foreach (var (route, body) in new[] { (JsonRoutes[0], Story), (JsonRoutes[1], Session) })
        {
            using var response = await PostAsync(route, Encoding.UTF8.GetBytes(body), contentType);

            await Problems.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
        }
    }

    [Fact]
    public async Task A_JSON_body_over_64_KB_is_a_413_problem_with_or_without_a_declared_length()
    {
        var body = Encoding.UTF8.GetBytes(Story.Replace("\"Mia\"", "\"" + new string('a', 70_000) + "\""));
        foreach (var route in JsonRoutes)
        {
            using var declared = await PostAsync(route, body, "application/json");
            using var chunked = new StreamContent(new UnseekableStream(body));
            chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var undeclared = await _mia.PostAsync(route, chunked);

            await Problems.ReadAsync(declared, HttpStatusCode.RequestEntityTooLarge);
            await Problems.ReadAsync(undeclared, HttpStatusCode.RequestEntityTooLarge);
        }
    }

    [Theory]
    [InlineData("GET", "/api/stories/nope")]
    [InlineData("GET", "/api/stories/st_0123456789abcdef0123456789abcdef0")]
    [InlineData("GET", "/api/stories/ST_0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("GET", "/api/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("GET", "/api/stories/%F0%9F%98%80")]
    [InlineData("GET", "/api/stories/'%20OR%201=1%20--")]
    [InlineData("DELETE", "/api/stories/SELECT%20*%20FROM%20c")]
    [InlineData("GET", "/api/uploads/up_0123456789abcdef0123456789abcdeg")]
    [InlineData("DELETE", "/api/uploads/st_0123456789abcdef0123456789abcdef")]
    [InlineData("POST", "/api/uploads/up_%2F..%2F/complete")]
    [InlineData("POST", "/api/uploads/x/complete")]
    public async Task A_route_id_of_the_wrong_shape_is_a_404_problem(string method, string path)
    {
        using var response = await _mia.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_very_long_route_id_is_a_404_problem()
    {
        using var response = await _mia.GetAsync("/api/stories/st_" + new string('a', 4000));

        await Problems.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("a 100 KB header", 1, 100 * 1024)]
    [InlineData("300 headers", 300, 10)]
    public async Task Oversized_request_headers_are_refused_by_the_server_with_431_never_a_5xx(string what, int count, int size)
    {
        var head = new StringBuilder($"GET /api/health HTTP/1.1\r\nHost: {_app.Address.Authority}\r\n");
        for (var i = 0; i < count; i++) head.Append($"X-Junk-{i}: {new string('a', size)}\r\n");
        head.Append("Connection: close\r\n\r\n");

        var status = await RawStatusAsync(head.ToString());

        Assert.True(status == 431, $"{what}: {status}");
    }

    [Fact]
    public async Task A_request_line_over_Kestrels_limit_is_a_414_never_a_5xx()
    {
        var status = await RawStatusAsync($"GET /api/health?x={new string('a', 10_000)} HTTP/1.1\r\nHost: {_app.Address.Authority}\r\nConnection: close\r\n\r\n");

        Assert.Equal(414, status);
    }

    [Theory]
    [InlineData("Bad Header Name: x", 400)]
    [InlineData("X-Bad:\u00ff", 400)]
    [InlineData("X-Bad: a\u0001b", 200)] // a control character in a value: accepted by Kestrel, ignored by the app
    [InlineData("X-Request-Id: \u0001", 200)]
    public async Task A_malformed_header_line_is_refused_or_ignored_never_a_5xx(string line, int expected)
    {
        var status = await RawStatusAsync($"GET /api/health HTTP/1.1\r\nHost: {_app.Address.Authority}\r\n{line}\r\nConnection: close\r\n\r\n");

        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData("/api/stories/st_%00")]
    [InlineData("/api/stories/%00")]
    public async Task A_NUL_in_the_path_is_refused_by_the_server_with_a_400(string path)
    {
        var status = await RawStatusAsync($"GET {path} HTTP/1.1\r\nHost: {_app.Address.Authority}\r\nConnection: close\r\n\r\n");

        Assert.Equal(400, status);
    }

    [Fact]
    public async Task Every_error_the_application_answers_carries_the_security_headers()
    {
        await using var app = await standIns.StartRunnerAsync(s =>
        {
            s["Auth:DevelopmentTokens"] = "true";
            s["RateLimits:Uploads:PermitLimit"] = "1";
            s["Cors:AllowedOrigins"] = "https://app.example";
        });
        using var mia = await app.ClientForAsync("parent-mia");
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/stories") { Headers = { { "Origin", "https://evil.example" }, { "Access-Control-Request-Method", "POST" } } };
        using var oversized = new ByteArrayContent(new byte[70_000]) { Headers = { ContentType = new("application/json") } };
        using var notJson = new StringContent(Session, Encoding.UTF8, "text/plain");
        await mia.PostAsync("/api/uploads/sessions", RunningAppExtensions.Json(Session));

        var responses = new (int Expected, HttpResponseMessage Response)[]
        {
            (401, await app.Client.GetAsync("/api/stories")),
            (403, await app.Client.SendAsync(preflight)),
            (404, await mia.GetAsync("/api/stories/st_0123456789abcdef0123456789abcdef")),
            (405, await mia.PutAsync("/api/stories", null)),
            (413, await mia.PostAsync("/api/stories", oversized)),
            (415, await mia.PostAsync("/api/stories", notJson)),
            (429, await mia.PostAsync("/api/uploads/sessions", RunningAppExtensions.Json(Session))),
            (400, await mia.PostAsync("/api/stories", RunningAppExtensions.Json("{"))),
        };

        foreach (var (expected, response) in responses)
        {
            Assert.Equal(expected, (int)response.StatusCode);
            foreach (var (name, value) in new[] { ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"), ("Cache-Control", "no-store"), ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'") })
                Assert.True(response.Headers.TryGetValues(name, out var values) && string.Join(",", values) == value, $"{expected}: {name}");
            Assert.True(response.Headers.Contains("Strict-Transport-Security"), $"{expected}: HSTS");
            Assert.True(response.Headers.Contains("X-Request-Id"), $"{expected}: X-Request-Id");
            response.Dispose();
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string route, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await _mia.PostAsync(route, content);
    }

    /// <summary>The status, asserting that a 4xx/5xx is a complete problem body (a non-error is returned as is).</summary>
    private static async Task<int> ProblemStatusAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 400) await Problems.ReadAsync(response, response.StatusCode);
        return status;
    }

    private async Task<int> RawStatusAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_app.Address.Host, _app.Address.Port);
        await using var stream = client.GetStream();
        try { await stream.WriteAsync(Encoding.Latin1.GetBytes(request)); } catch (IOException) { } // the server may stop reading early
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return int.Parse(statusLine!.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
