using Bedtime.Http;
using Bedtime.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;

namespace Bedtime.Local.WebApp;

/// <summary>
/// The reference web app (web/, built to web/dist) served by the local Functions host on its own origin, as Static Web
/// Apps serves it in Azure: a different origin than the API, so the browser applies CORS as it will there. The host
/// adds this origin to the API's allowed origins and writes the app's config.json (API address and sign-in mode).
/// </summary>
public sealed class LocalWebApp
{
    public const string UrlSetting = "LocalRunner:WebUrl";
    public const string DefaultUrl = "http://127.0.0.1:5173";
    /// <summary>The built app (a directory; a relative path is the repository's).</summary>
    public const string DirectorySetting = "LocalRunner:WebApp";
    public const string DefaultDirectory = "web/dist";

    private LocalWebApp(Uri address, string directory) => (Address, Directory) = (address, directory);

    /// <summary>Where the app is served: its origin is the one the API allows.</summary>
    public Uri Address { get; }
    public string Directory { get; }
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>The web app the settings ask for, or null when <see cref="UrlSetting"/> is empty (no web app).</summary>
    public static LocalWebApp? FromSettings(IConfiguration configuration, string root)
    {
        var url = configuration[UrlSetting] ?? DefaultUrl;
        if (string.IsNullOrWhiteSpace(url)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttp || address.AbsolutePath != "/")
            throw new ArgumentException($"{UrlSetting} must be an http:// origin such as {DefaultUrl}, not '{url}'.");
        var directory = Path.GetFullPath(configuration[DirectorySetting] is { Length: > 0 } configured ? configured : DefaultDirectory, root);
        return new LocalWebApp(address, directory);
    }

    /// <summary>The API's CORS origins with this app's origin added (the worker reads them from its settings).</summary>
    public KeyValuePair<string, string?> AllowedOriginsSetting(IConfiguration configuration)
    {
        var key = CorsOptions.Section + ConfigurationPath.KeyDelimiter + nameof(CorsOptions.AllowedOrigins);
        var origins = new CorsOptions { AllowedOrigins = configuration[key] ?? "" }.Origins().Append(Origin).Distinct(StringComparer.OrdinalIgnoreCase);
        return new(key, string.Join(',', origins));
    }

    public bool IsBuilt => File.Exists(Path.Combine(Directory, "index.html"));

    /// <summary>Serves config.json and the built files, with a content security policy that names the API and blob origins.</summary>
    public void Map(IApplicationBuilder app, Func<Uri> api, Func<Uri?> blobs, bool developmentTokens)
    {
        var files = new PhysicalFileProvider(Directory);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            var sources = string.Join(' ', new[] { api(), blobs() }.OfType<Uri>().Select(u => u.GetLeftPart(UriPartial.Authority)));
            headers.ContentSecurityPolicy = $"default-src 'self'; connect-src 'self' {sources}; media-src 'self' {sources}; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path == "/config.json")
            {
                headers.CacheControl = "no-store";
                await Results.Json(Config(api(), developmentTokens), JsonDefaults.Options).ExecuteAsync(context);
                return;
            }
            await next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }

    /// <summary>What web/src/config.ts reads: the API's base address (route prefix included) and the sign-in to use.</summary>
    public static WebAppConfig Config(Uri api, bool developmentTokens) =>
        new($"{api.GetLeftPart(UriPartial.Authority)}/{Routes.Prefix}", new WebAppAuth(developmentTokens ? "development" : "none"));

    public sealed record WebAppConfig(string ApiBaseUrl, WebAppAuth Auth);

    public sealed record WebAppAuth(string Mode);
}
