using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;

namespace Bedtime.Platform.Storage;

/// <summary>
/// Short-lived SAS links to exactly one blob. With a key (local stand-ins) the link is signed with the key; with
/// managed identity it is a user-delegation SAS, whose delegation key is cached and renewed before it expires.
/// </summary>
public sealed class BlobLinks(BlobServiceClient blobs, TimeProvider clock)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UserDelegationKey? _delegationKey;

    public Task<Uri> ReadLinkAsync(string container, string blobName, TimeSpan lifetime, CancellationToken cancellationToken) =>
        LinkAsync(container, blobName, BlobSasPermissions.Read, clock.GetUtcNow() + lifetime, cancellationToken);

    /// <summary>A read link valid until <paramref name="expiresOn"/>.</summary>
    public Task<Uri> ReadLinkAsync(string container, string blobName, DateTimeOffset expiresOn, CancellationToken cancellationToken) =>
        LinkAsync(container, blobName, BlobSasPermissions.Read, expiresOn, cancellationToken);

    /// <summary>
    /// Create-only: the holder can create this one blob once and nothing else. It cannot read it, and cannot
    /// overwrite it (no Write permission), so what the server checked cannot be swapped while the link lives.
    /// </summary>
    public Task<Uri> CreateOnlyLinkAsync(string container, string blobName, TimeSpan lifetime, CancellationToken cancellationToken) =>
        LinkAsync(container, blobName, BlobSasPermissions.Create, clock.GetUtcNow() + lifetime, cancellationToken);

    private async Task<Uri> LinkAsync(string container, string blobName, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(container).GetBlobClient(blobName);
        var now = clock.GetUtcNow();
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = container,
            BlobName = blobName,
            Resource = "b",
            StartsOn = now.AddMinutes(-2), // tolerate clock skew between us and storage
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
            return blob.GenerateSasUri(sas);

        var key = await DelegationKeyAsync(now, expiresOn - now, cancellationToken);
        var query = sas.ToSasQueryParameters(key, blobs.AccountName);
        return new UriBuilder(blob.Uri) { Query = query.ToString() }.Uri;
    }

    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is { } cached && cached.SignedExpiresOn > now + lifetime + TimeSpan.FromMinutes(5))
                return cached;
            _delegationKey = (await blobs.GetUserDelegationKeyAsync(now.AddMinutes(-2), now.AddHours(6), cancellationToken)).Value;
            return _delegationKey;
        }
        finally
        {
            _gate.Release();
        }
    }
}
