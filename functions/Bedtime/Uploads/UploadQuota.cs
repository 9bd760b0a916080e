using Bedtime.Http;
using Bedtime.Platform.Cosmos;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;

namespace Bedtime.Uploads;

/// <summary>Per-owner limits on the number of uploads and their total size (single-partition aggregate queries).</summary>
public sealed class UploadQuota(DocumentStore<UploadDocument> uploads, IOptions<UploadOptions> options)
{
    public async Task<ApiError?> CheckAsync(string ownerId, long incomingBytes, CancellationToken cancellationToken)
    {
        var count = await ScalarAsync("SELECT VALUE COUNT(1) FROM c WHERE c.ownerId = @owner", ownerId, cancellationToken);
        if (count >= options.Value.MaxUploadsPerOwner)
            return new ApiError(409, "upload_quota_exceeded", "Upload quota reached.",
                $"You can keep at most {options.Value.MaxUploadsPerOwner} uploads; delete some first.");
        var bytes = await ScalarAsync("SELECT VALUE SUM(c.sizeBytes) FROM c WHERE c.ownerId = @owner", ownerId, cancellationToken);
        if (bytes + incomingBytes > options.Value.MaxBytesPerOwner)
            return new ApiError(413, "storage_quota_exceeded", "Storage quota reached.",
                $"Your uploads may take at most {options.Value.MaxBytesPerOwner} bytes in all; delete some first.");
        return null;
    }

    private async Task<long> ScalarAsync(string sql, string ownerId, CancellationToken cancellationToken)
    {
        using var iterator = uploads.Container.GetItemQueryIterator<long?>(new QueryDefinition(sql).WithParameter("@owner", ownerId),
            requestOptions: new QueryRequestOptions { PartitionKey = new PartitionKey(ownerId) });
        long total = 0;
        while (iterator.HasMoreResults)
            foreach (var value in await iterator.ReadNextAsync(cancellationToken))
                total += value ?? 0;
        return total;
    }
}
