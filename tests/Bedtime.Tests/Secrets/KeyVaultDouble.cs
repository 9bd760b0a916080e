using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Tests.Secrets;

/// <summary>
/// An in-test Key Vault: HTTPS on 127.0.0.1 with a throwaway certificate, speaking the secrets REST surface the real
/// <see cref="SecretClient"/> uses — the bearer challenge, set (PUT), get (latest or one version; disabled → 403),
/// list versions (paged with <c>nextLink</c>), list secrets, update attributes (PATCH) — with the JSON shapes of the
/// Key Vault REST reference. Timestamps come from the test's clock, in whole seconds as Key Vault keeps them.
/// </summary>
public sealed partial class KeyVaultDouble : IAsyncDisposable
{
    public const string Token = "key-vault-double-token";
    public const string Tenant = "72f988bf-0000-0000-0000-000000000001";
    public const string Resource = "https://vault.azure.net";

    private readonly object _gate = new();
    private readonly Dictionary<string, List<StoredVersion>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _clock;
    private StubServer _server = null!;
    private int _challenges;

    private KeyVaultDouble(TimeProvider clock, X509Certificate2 certificate) => (_clock, Certificate) = (clock, certificate);

    public X509Certificate2 Certificate { get; }
    public Uri VaultUri => _server.BaseUri;
    public IReadOnlyList<RecordedRequest> Requests => _server.Requests;
    /// <summary>Unauthenticated requests answered with the bearer challenge.</summary>
    public int ChallengesIssued => Volatile.Read(ref _challenges);
    /// <summary>Page size when the client sends no <c>maxresults</c>: small, so listing has to follow <c>nextLink</c>.</summary>
    public int PageSize { get; set; } = 2;
    /// <summary>Answer every authenticated request as a vault whose access policy lacks the caller (403 AccessDenied).</summary>
    public bool DenyAccess { get; set; }

    public static async Task<KeyVaultDouble> StartAsync(TimeProvider clock)
    {
        var vault = new KeyVaultDouble(clock, StubServer.CreateCertificate());
        vault._server = await StubServer.StartAsync((_, recorded, context) => vault.HandleAsync(recorded, context), vault.Certificate);
        return vault;
    }

    /// <summary>The real SDK client, trusting exactly this double's certificate.</summary>
    public SecretClient CreateClient(StaticTokenCredential? credential = null) =>
        new(VaultUri, credential ?? new StaticTokenCredential(Token), new SecretClientOptions
        {
            DisableChallengeResourceVerification = true, // the challenge names vault.azure.net, not 127.0.0.1
            Transport = new HttpClientTransport(StubServer.TrustingClient(Certificate)),
            Retry = { MaxRetries = 0 },
        });

    private async Task HandleAsync(RecordedRequest recorded, HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            Interlocked.Increment(ref _challenges);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = $"Bearer authorization=\"https://login.microsoftonline.com/{Tenant}\", resource=\"{Resource}\"";
            return;
        }
        var apiVersion = context.Request.Query["api-version"].ToString();
        if (apiVersion.Length == 0)
        {
            await ErrorAsync(context, 400, "BadParameter", "The api-version query parameter is missing.");
            return;
        }
        if (DenyAccess)
        {
            await ErrorAsync(context, 403, "Forbidden", "The user, group or application does not have secrets permission on this key vault.", "AccessDenied");
            return;
        }

        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var method = context.Request.Method;
        var (status, body) = (method, segments) switch
        {
            ("GET", ["secrets"]) => ListSecrets(context, apiVersion),
            ("PUT", ["secrets", var name]) => Set(name, recorded.Body),
            ("GET", ["secrets", var name]) => Get(name, version: null),
            ("GET", ["secrets", var name, "versions"]) => ListVersions(name, context, apiVersion),
            ("GET", ["secrets", var name, var version]) => Get(name, version),
            ("PATCH", ["secrets", var name, var version]) => Update(name, version, recorded.Body),
            _ => (404, Error("NotFound", "No such operation.")),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
    }

    private (int, JsonNode) Set(string name, string requestBody)
    {
        if (!SecretName().IsMatch(name)) return (400, Error("BadParameter", "The secret name is not valid."));
        var request = JsonNode.Parse(requestBody);
        if (request?["value"]?.GetValue<string>() is not { } value) return (400, Error("BadParameter", "Property 'value' is required."));
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var stored = new StoredVersion(Guid.NewGuid().ToString("N"), value, now)
        {
            ContentType = request["contentType"]?.GetValue<string>(),
            Enabled = request["attributes"]?["enabled"]?.GetValue<bool>() ?? true,
            NotBefore = request["attributes"]?["nbf"]?.GetValue<long>(),
            Expires = request["attributes"]?["exp"]?.GetValue<long>(),
            Tags = Tags(request["tags"]) ?? [],
        };
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions)) _secrets[name] = versions = [];
            versions.Add(stored);
            return (200, Bundle(name, stored, withValue: true));
        }
    }

    private (int, JsonNode) Get(string name, string? version)
    {
        lock (_gate)
        {
            var found = Find(name, version);
            if (found is null) return (404, NotFound(name, version));
            if (!found.Enabled)
                return (403, Error("Forbidden", "Operation get is not allowed on a disabled secret.", "SecretDisabled"));
            return (200, Bundle(name, found, withValue: true));
        }
    }

    private (int, JsonNode) Update(string name, string version, string requestBody)
    {
        var request = JsonNode.Parse(requestBody);
        lock (_gate)
        {
            var found = Find(name, version);
            if (found is null) return (404, NotFound(name, version));
            if (request?["attributes"] is JsonObject attributes)
            {
                if (attributes["enabled"] is { } enabled) found.Enabled = enabled.GetValue<bool>();
                if (attributes["exp"] is { } exp) found.Expires = exp.GetValue<long>();
                if (attributes["nbf"] is { } nbf) found.NotBefore = nbf.GetValue<long>();
            }
            if (request?["contentType"] is { } contentType) found.ContentType = contentType.GetValue<string>();
            if (Tags(request?["tags"]) is { } tags) found.Tags = tags;
            found.Updated = _clock.GetUtcNow().ToUnixTimeSeconds();
            return (200, Bundle(name, found, withValue: false));
        }
    }

    private (int, JsonNode) ListVersions(string name, HttpContext context, string apiVersion)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions)) return (404, NotFound(name, null));
            // Key Vault does not list versions by age: order by id, so clients cannot lean on insertion order.
            var items = versions.OrderBy(v => v.Version, StringComparer.Ordinal).Select(v => Item(name, v, withVersion: true)).ToList();
            return (200, Page(items, $"secrets/{name}/versions", context, apiVersion));
        }
    }

    private (int, JsonNode) ListSecrets(HttpContext context, string apiVersion)
    {
        lock (_gate)
        {
            var items = _secrets.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => Item(s.Key, s.Value[^1], withVersion: false)).ToList();
            return (200, Page(items, "secrets", context, apiVersion));
        }
    }

    private JsonObject Page(List<JsonObject> items, string path, HttpContext context, string apiVersion)
    {
        var size = int.TryParse(context.Request.Query["maxresults"], out var max) ? Math.Clamp(max, 1, 25) : PageSize;
        var skip = int.TryParse(context.Request.Query["$skiptoken"], out var token) ? token : 0;
        var page = new JsonArray([.. items.Skip(skip).Take(size)]);
        var next = skip + size < items.Count
            ? $"{VaultUri}{path}?api-version={apiVersion}&$skiptoken={skip + size}&maxresults={size}"
            : null;
        return new JsonObject { ["value"] = page, ["nextLink"] = next };
    }

    private StoredVersion? Find(string name, string? version) =>
        _secrets.TryGetValue(name, out var versions)
            ? version is null ? versions[^1] : versions.FirstOrDefault(v => v.Version == version)
            : null;

    private JsonObject Bundle(string name, StoredVersion v, bool withValue)
    {
        var bundle = Item(name, v, withVersion: true);
        if (withValue) bundle["value"] = v.Value;
        return bundle;
    }

    private JsonObject Item(string name, StoredVersion v, bool withVersion)
    {
        var attributes = new JsonObject { ["enabled"] = v.Enabled };
        if (v.NotBefore is { } nbf) attributes["nbf"] = nbf;
        if (v.Expires is { } exp) attributes["exp"] = exp;
        attributes["created"] = v.Created;
        attributes["updated"] = v.Updated;
        attributes["recoveryLevel"] = "Recoverable+Purgeable";
        attributes["recoverableDays"] = 90;
        var item = new JsonObject
        {
            ["id"] = $"{VaultUri}secrets/{name}" + (withVersion ? "/" + v.Version : ""),
            ["attributes"] = attributes,
            ["tags"] = new JsonObject([.. v.Tags.Select(t => new KeyValuePair<string, JsonNode?>(t.Key, t.Value))]),
        };
        if (v.ContentType is not null) item["contentType"] = v.ContentType;
        return item;
    }

    private static Dictionary<string, string>? Tags(JsonNode? node) =>
        node is JsonObject tags ? tags.ToDictionary(t => t.Key, t => t.Value?.GetValue<string>() ?? "", StringComparer.Ordinal) : null;

    private static JsonObject NotFound(string name, string? version) =>
        Error("SecretNotFound", $"A secret with (name/id) {name}{(version is null ? "" : "/" + version)} was not found in this key vault.");

    private static JsonObject Error(string code, string message, string? innerCode = null)
    {
        var error = new JsonObject { ["code"] = code, ["message"] = message };
        if (innerCode is not null) error["innererror"] = new JsonObject { ["code"] = innerCode };
        return new JsonObject { ["error"] = error };
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message, string? innerCode = null)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(Error(code, message, innerCode).ToJsonString());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex SecretName();

    private sealed class StoredVersion(string version, string value, long created)
    {
        public string Version { get; } = version;
        public string Value { get; } = value;
        public long Created { get; } = created;
        public long Updated { get; set; } = created;
        public bool Enabled { get; set; } = true;
        public long? NotBefore { get; set; }
        public long? Expires { get; set; }
        public string? ContentType { get; set; }
        public Dictionary<string, string> Tags { get; set; } = [];
    }
}
