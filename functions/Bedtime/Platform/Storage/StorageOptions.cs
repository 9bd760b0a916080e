namespace Bedtime.Platform.Storage;

/// <summary>
/// The storage account, read from the same <c>AzureWebJobsStorage</c> setting the Functions host uses:
/// either a connection string (locally) or the identity-based <c>__blobServiceUri</c>/<c>__queueServiceUri</c> form (Azure).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "AzureWebJobsStorage";

    /// <summary>The setting's own value: a connection string. Only for local stand-ins; never a key in Azure.</summary>
    public string? ConnectionString { get; set; }
    public Uri? BlobServiceUri { get; set; }
    public Uri? QueueServiceUri { get; set; }
    /// <summary>Client id of the user-assigned managed identity (<c>AzureWebJobsStorage__clientId</c>).</summary>
    public string? ClientId { get; set; }

    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
    public bool IsConfigured => UsesConnectionString || (BlobServiceUri is not null && QueueServiceUri is not null);
}
