using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Bedtime.Platform.Storage;

/// <summary>Creates the Blob and Queue service clients from <see cref="StorageOptions"/>.</summary>
public static class StorageClients
{
    /// <summary>
    /// How long one storage request may take (the SDK's default is 100 s): shorter than the request bound
    /// (<c>Http:RequestTimeout</c>, 10 s), so a hung account fails a call that the SDK can still retry inside it.
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(8);

    /// <summary>The key of the blob client for requests whose body is a client's upload as it arrives (<see cref="ForStreamedBodies"/>).</summary>
    public const string StreamedBodies = "streamed-bodies";

    /// <param name="clientOptions">Default: requests bounded by <see cref="NetworkTimeout"/>.</param>
    public static BlobServiceClient CreateBlobs(StorageOptions options, TokenCredential credential, BlobClientOptions? clientOptions = null)
    {
        if (clientOptions is null)
        {
            clientOptions = new BlobClientOptions();
            clientOptions.Retry.NetworkTimeout = NetworkTimeout;
        }
        return options.UsesConnectionString
            ? new BlobServiceClient(options.ConnectionString, clientOptions)
            : new BlobServiceClient(options.BlobServiceUri, credential, clientOptions);
    }

    /// <summary>
    /// For one request that carries a whole body while it arrives (a client's upload, or a copy streamed from a
    /// download): it may take as long as the body takes, and it is never retried, since the body cannot be sent twice.
    /// </summary>
    public static BlobClientOptions ForStreamedBodies(TimeSpan longest)
    {
        var options = new BlobClientOptions();
        options.Retry.NetworkTimeout = longest;
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <summary>Messages are base64 on the wire: the Functions queue trigger's default encoding.</summary>
    public static QueueServiceClient CreateQueues(StorageOptions options, TokenCredential credential, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var queueOptions = new QueueClientOptions { MessageEncoding = encoding };
        queueOptions.Retry.NetworkTimeout = NetworkTimeout;
        return options.UsesConnectionString
            ? new QueueServiceClient(options.ConnectionString, queueOptions)
            : new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
    }
}
