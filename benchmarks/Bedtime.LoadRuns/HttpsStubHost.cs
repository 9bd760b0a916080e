using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bedtime.LoadRuns;

/// <summary>
/// A provider stub's web server: HTTPS on a free loopback port with a self-signed certificate, written as PEM for the
/// runner process to trust through SSL_CERT_FILE (the app talks to providers over HTTPS only).
/// </summary>
public sealed class HttpsStubHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpsStubHost(WebApplication app, Uri endpoint, string certificatePem) => (_app, Endpoint, CertificatePemPath) = (app, endpoint, certificatePem);

    public Uri Endpoint { get; }
    public string CertificatePemPath { get; }

    public static async Task<HttpsStubHost> StartAsync(Action<WebApplication> map)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
        var pem = Path.Combine(Path.GetTempPath(), $"bedtime-stub-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem());

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpsStubHost(app, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), pem);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        File.Delete(CertificatePemPath);
    }
}
