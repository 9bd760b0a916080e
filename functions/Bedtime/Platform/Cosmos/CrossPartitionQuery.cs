using System.Runtime.CompilerServices;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

/// <summary>
/// Queries across every owner's partition. For operations jobs only (the sweeper): requests on behalf of a user
/// always go through <see cref="DocumentStore{T}"/>, scoped to that user's partition.
/// </summary>
public static class CrossPartitionQuery
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(Container container, QueryDefinition query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var iterator = container.GetItemQueryIterator<T>(query, requestOptions: new QueryRequestOptions { MaxItemCount = 100 });
        while (iterator.HasMoreResults)
            foreach (var item in await iterator.ReadNextAsync(cancellationToken))
                yield return item;
    }
}
