using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bedtime.Tests.Uploads;

namespace Bedtime.Tests.Security;

/// <summary>One generated request and a short description of it (printed when it fails).</summary>
public sealed record FuzzRequest(HttpRequestMessage Message, string Description);

/// <summary>
/// Builds malformed, odd and occasionally valid requests from a <see cref="Random"/>: the same generator state gives
/// the same request. Ids the server handed out earlier (<see cref="Remember"/>) are reused, so real resources of the
/// caller and of other callers get poked too.
/// </summary>
public sealed class FuzzRequestGenerator(IReadOnlyList<string> bearerTokens, string apiKey)
{
    private static readonly string[] Methods = ["GET", "GET", "POST", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS", "FOO"];
    private static readonly string[] JsonTypes =
    [
        "application/json", "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=utf-16",
        "application/json;charset=\"utf-8\"", "text/plain", "application/octet-stream", "application/x-www-form-urlencoded", "", "a/b/c", ";;;", "*/*",
    ];
    private static readonly string[] UploadTypes =
    [
        "text/plain", "text/markdown", "image/png", "image/jpeg", "image/gif", "image/webp", "audio/wav", "audio/mpeg", "audio/ogg",
        "application/octet-stream", "application/json", "text/html", "image/svg+xml", "application/pdf", "", "image/", "x", "text/plain; charset=latin1",
    ];
    private static readonly string[] Samples = [.. SampleFiles.ByName.Keys];
    private readonly ConcurrentQueue<string> _ids = new();

    /// <summary>Keeps a story or upload id a response named, for later requests.</summary>
    public void Remember(string? location)
    {
        if (location is null) return;
        var id = location.Split('/').Last();
        if (_ids.Count < 500) _ids.Enqueue(id);
    }

    public FuzzRequest Next(Random random)
    {
        var kind = random.Next(12);
        var (method, path, content, what) = kind switch
        {
            0 or 1 => ("POST", "/api/stories", Json(random, StoryBody(random)), "story body"),
            2 => ("POST", "/api/uploads/sessions", Json(random, SessionBody(random)), "session body"),
            3 or 4 => ("POST", "/api/uploads" + MaybeFileNameQuery(random), Upload(random), "upload"),
            5 => (Pick(random, ["GET", "DELETE", "GET"]), $"/api/{Pick(random, ["stories", "uploads"])}/{Id(random)}", null, "by id"),
            6 => ("POST", $"/api/uploads/{Id(random)}/complete", MaybeJunk(random), "complete"),
            7 => ("GET", $"/api/{Pick(random, ["stories", "uploads"])}{PagingQuery(random)}", null, "list"),
            8 => (Pick(random, Methods), RandomPath(random), MaybeJunk(random), "random route"),
            9 => (Pick(random, ["GET", "GET", "HEAD", "POST", "OPTIONS"]), Pick(random, ["/api/health", "/api/openapi.json", "/api/Health", "/api/health/"]) + RandomQuery(random), MaybeJunk(random), "operations"),
            10 => ("POST", "/api/dev/token", Json(random, TokenBody(random)), "dev token"),
            _ => (Pick(random, Methods), Pick(random, ["/api/stories", "/api/uploads", "/api/uploads/sessions", "/api/stories/" + Id(random)]), MaybeJunk(random), "wrong method"),
        };
        var message = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        var auth = Authenticate(random, message);
        var headers = OddHeaders(random, message);
        var length = content?.Headers.ContentLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "chunked/none";
        return new FuzzRequest(message, $"{method} {Shorten(path, 120)} [{what}; {auth}; {headers}; type '{content?.Headers.ContentType}'; {length} bytes]");
    }

    // Bodies --------------------------------------------------------------------------------------------------------

    private static JsonObject StoryBody(Random random) => Mutate(random, new JsonObject
    {
        ["childName"] = "Mia", ["age"] = 5, ["theme"] = "space", ["length"] = Pick(random, ["short", "medium", "long"]),
        ["narration"] = new JsonObject { ["enabled"] = random.Next(2) == 0 },
    });

    private static JsonObject SessionBody(Random random) => Mutate(random, new JsonObject
    {
        ["fileName"] = "a.wav", ["contentType"] = "audio/wav", ["sizeBytes"] = random.Next(1, 100_000),
    });

    private static JsonObject TokenBody(Random random) => Mutate(random, new JsonObject { ["sub"] = "fuzz-" + random.Next(100) });

    private static JsonObject Mutate(Random random, JsonObject body)
    {
        var fields = body.Select(p => p.Key).ToList();
        for (var i = random.Next(4); i > 0; i--)
        {
            var field = fields[random.Next(fields.Count)];
            switch (random.Next(5))
            {
                case 0: body.Remove(field); break;
                case 1: body[field] = AnyValue(random, depth: 0); break;
                case 2: body[RandomText(random, 1, 12)] = AnyValue(random, depth: 0); break;
                case 3: body["uploadIds"] = new JsonArray(Enumerable.Range(0, random.Next(8)).Select(_ => (JsonNode?)JsonValue.Create(random.Next(2) == 0 ? "up_" + Hex(random, 32) : RandomText(random, 0, 40))).ToArray()); break;
                default: body[field] = RandomText(random, 0, random.Next(2) == 0 ? 50 : 3000); break;
            }
        }
        return body;
    }

    private static JsonNode? AnyValue(Random random, int depth) => random.Next(depth > 30 ? 6 : 9) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(2) == 0),
        2 => JsonValue.Create(random.Next(int.MinValue, int.MaxValue)),
        3 => JsonValue.Create(random.NextDouble() * Math.Pow(10, random.Next(-300, 300))),
        4 => JsonValue.Create(random.NextInt64()),
        5 => JsonValue.Create(RandomText(random, 0, 200)),
        6 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => AnyValue(random, depth + 1)).ToArray()),
        _ => new JsonObject { [RandomText(random, 1, 8)] = AnyValue(random, depth + 1) },
    };

    /// <summary>A JSON body, then maybe broken at the byte level, under a random (usually JSON) media type.</summary>
    private static ByteArrayContent Json(Random random, JsonObject body)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        bytes = random.Next(10) switch
        {
            0 => bytes[..random.Next(bytes.Length + 1)],                                       // truncated
            1 => Flip(random, bytes),                                                          // a corrupted byte
            2 => [.. bytes, .. Encoding.UTF8.GetBytes(Pick(random, [" x", "}", ",", "\0", "{}"]))], // trailing garbage
            3 => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("[", random.Next(10, 3000))) + "1" + new string(']', random.Next(0, 10))),
            4 => RandomBytes(random, random.Next(0, 2000)),
            5 when random.Next(4) == 0 => Encoding.UTF8.GetBytes("{\"childName\":\"" + new string('a', 70_000) + "\"}"), // over the JSON limit
            6 => [0xEF, 0xBB, 0xBF, .. bytes],                                                 // byte order mark
            _ => bytes,
        };
        var content = new ByteArrayContent(bytes);
        var type = random.Next(4) == 0 ? Pick(random, JsonTypes) : "application/json";
        if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    private static HttpContent Upload(Random random)
    {
        var bytes = random.Next(6) switch
        {
            0 => SampleFiles.ByName[Pick(random, Samples)](),
            1 => Truncate(random, SampleFiles.ByName[Pick(random, Samples)]()),
            2 => Flip(random, SampleFiles.ByName[Pick(random, Samples)]()),
            3 => Encoding.UTF8.GetBytes(RandomText(random, 0, 5000)),
            4 => [],
            _ => RandomBytes(random, random.Next(1, 20_000)),
        };
        HttpContent content = random.Next(5) == 0 ? new StreamContent(new UnseekableStream(bytes)) : new ByteArrayContent(bytes);
        var type = Pick(random, UploadTypes);
        if (type.Length > 0) content.Headers.TryAddWithoutValidation("Content-Type", type);
        if (random.Next(3) == 0) content.Headers.TryAddWithoutValidation("X-File-Name", Pick(random, ["../../etc/passwd", "%00.txt", "a%2Fb.png", "", new string('n', 2000), Uri.EscapeDataString(RandomText(random, 1, 40)), "%E0%A4%A", "CON"]));
        return content;
    }

    private static HttpContent? MaybeJunk(Random random) => random.Next(3) switch
    {
        0 => null,
        1 => new ByteArrayContent(RandomBytes(random, random.Next(0, 500))) { Headers = { ContentType = new MediaTypeHeaderValue(Pick(random, ["application/json", "text/plain", "application/octet-stream"])) } },
        _ => Json(random, StoryBody(random)),
    };

    // Routes and queries --------------------------------------------------------------------------------------------

    private string Id(Random random)
    {
        if (random.Next(3) == 0 && _ids.Count > 0) return _ids.ElementAt(random.Next(_ids.Count));
        return random.Next(6) switch
        {
            0 => "st_" + Hex(random, 32),
            1 => "up_" + Hex(random, 32),
            2 => Pick(random, ["st_", "up_", "xx_"]) + Hex(random, random.Next(0, 70)),
            3 => Uri.EscapeDataString(RandomText(random, 1, 60)),
            4 => Pick(random, ["..", "%2e%2e", "%2F", "null", "undefined", "0", "-1", "'", "%25", "%C0%AF", "sessions", "%20"]),
            _ => new string('a', random.Next(1, 5000)),
        };
    }

    private static string PagingQuery(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => $"?limit={random.Next(-5, 100)}",
        2 => $"?limit={Pick(random, ["abc", "1e3", "99999999999999999999", "", "1&limit=2", "%00", "+5", "0x10"])}",
        3 => $"?continuation={Uri.EscapeDataString(RandomText(random, 0, 100))}",
        4 => $"?continuation={Convert.ToBase64String(RandomBytes(random, random.Next(1, 3000))).Replace('+', '-').Replace('/', '_').TrimEnd('=')}",
        _ => $"?limit={random.Next(1, 60)}&continuation={Pick(random, ["", "x", "eyJ0b2tlbiI6IjEyMyJ9", "c2tpcDox", "c2tpcDotMQ", "c2tpcDo5OTk5OTk5OTk5OTk"])}",
    };

    private static string RandomQuery(Random random) => random.Next(3) == 0 ? "?" + Uri.EscapeDataString(RandomText(random, 0, 50)) + "=" + Uri.EscapeDataString(RandomText(random, 0, 50)) : "";

    private static string MaybeFileNameQuery(Random random) => random.Next(4) == 0 ? "?fileName=" + Uri.EscapeDataString(RandomText(random, 0, 300)) : "";

    private static string RandomPath(Random random)
    {
        var segments = Enumerable.Range(0, random.Next(0, 6)).Select(_ => random.Next(3) == 0
            ? Pick(random, ["stories", "uploads", "sessions", "complete", "admin", "backups", "dev", "token", "health", ".", "..", "%2e", "openapi.json"])
            : Uri.EscapeDataString(RandomText(random, 1, 20)));
        return Pick(random, ["/api/", "/API/", "/", "/api//", "/apix/"]) + string.Join('/', segments) + RandomQuery(random);
    }

    // Headers -------------------------------------------------------------------------------------------------------

    private string Authenticate(Random random, HttpRequestMessage message)
    {
        switch (random.Next(10))
        {
            case 0: return "anonymous";
            case 1:
                message.Headers.TryAddWithoutValidation("Authorization", Pick(random, ["Bearer", "Bearer ", "Basic YTpi", "bearer x.y.z", "Bearer " + new string('a', 20_000), "Bearer a.b.c", "Bearer ....", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."]));
                return "bad bearer";
            case 2:
                message.Headers.TryAddWithoutValidation("X-Api-Key", random.Next(3) == 0 ? apiKey : Pick(random, ["", "short", new string('k', 40), new string('k', 300), apiKey + "x"]));
                return "api key";
            case 3:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TamperedToken(random));
                return "tampered bearer";
            case 4:
                message.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + Pick(random, bearerTokens), "Bearer " + Pick(random, bearerTokens)]);
                return "two bearers";
            default:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Pick(random, bearerTokens));
                return "bearer";
        }
    }

    private string TamperedToken(Random random)
    {
        var token = Pick(random, bearerTokens).ToCharArray();
        var at = random.Next(token.Length);
        token[at] = token[at] == 'A' ? 'B' : 'A';
        return new string(token);
    }

    private static string OddHeaders(Random random, HttpRequestMessage message)
    {
        var added = new List<string>();
        void Add(string name, params string[] values)
        {
            message.Headers.TryAddWithoutValidation(name, values);
            added.Add(name);
        }
        if (random.Next(4) == 0) Add("Idempotency-Key", Pick(random, ["k1", "", new string('i', 200), "has space", "%C3%A9", Hex(random, 16)]));
        if (random.Next(6) == 0) Add("X-Request-Id", Pick(random, ["ok-1", "", "<script>", new string('r', 500), "a b"]), "second");
        if (random.Next(6) == 0) Add("Origin", Pick(random, ["https://evil.example", "null", "https://app.example", "", "file://"]));
        if (random.Next(8) == 0) Add("Access-Control-Request-Method", Pick(random, ["POST", "DELETE", "", "FOO"]));
        if (random.Next(8) == 0) Add("X-Forwarded-For", Pick(random, ["1.2.3.4", "::1", "garbage", "1.1.1.1, 2.2.2.2", ""]));
        if (random.Next(10) == 0) Add("Accept", Pick(random, ["application/xml", "*/*;q=x", "", "text/html"]));
        if (random.Next(10) == 0) Add("X-File-Name", Pick(random, ["a.txt", "%", "%ZZ", "..%2F..%2Fx"]));
        if (random.Next(12) == 0) Add("X-Junk", new string('j', random.Next(1, 8000)));
        return added.Count == 0 ? "plain headers" : string.Join(",", added);
    }

    // Helpers -------------------------------------------------------------------------------------------------------

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string Hex(Random random, int length) => string.Concat(Enumerable.Range(0, length).Select(_ => "0123456789abcdef"[random.Next(16)]));

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(Random random, byte[] bytes)
    {
        if (bytes.Length == 0) return bytes;
        var copy = (byte[])bytes.Clone();
        copy[random.Next(copy.Length)] = (byte)random.Next(256);
        return copy;
    }

    private static byte[] Truncate(Random random, byte[] bytes) => bytes[..random.Next(bytes.Length + 1)];

    /// <summary>Text from every corner: ASCII, controls, markup, other scripts, emoji and (as escapes) lone surrogates.</summary>
    private static string RandomText(Random random, int min, int max)
    {
        var length = random.Next(min, Math.Max(min, max) + 1);
        var text = new StringBuilder(length);
        while (text.Length < length)
            text.Append(random.Next(10) switch
            {
                0 => (char)random.Next(0, 32),
                1 => Pick(random, ["<", ">", "\"", "'", "\\", "{", "}", "&", "%", "/", ".."]),
                2 => (char)random.Next(0x400, 0x4FF),
                3 => "😀",
                4 => (char)random.Next(0x4E00, 0x4F00),
                5 => (char)random.Next(0xD800, 0xDFFF), // a lone surrogate (encoded as U+FFFD in UTF-8 bodies)
                _ => (char)random.Next(32, 127),
            });
        return text.ToString();
    }

    private static string Shorten(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    private sealed class UnseekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
