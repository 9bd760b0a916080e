using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Bedtime.Platform.Storage;

/// <summary>Creates the Blob and Queue service clients from <see cref="StorageOptions"/>.</summary>
public static class StorageClients
{
    public static BlobServiceClient CreateBlobs(StorageOptions options, TokenCredential credential) =>
        options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString)
            : new BlobServiceClient(options.BlobServiceUri, credential);

    /// <summary>Messages are base64 on the wire: the Functions queue trigger's default encoding.</summary>
    public static QueueServiceClient CreateQueues(StorageOptions options, TokenCredential credential, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = encoding };
        return options.UsesConnectionString
            ? new QueueServiceClient(options.ConnectionString, queueOptions)
            : new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
    }
}
