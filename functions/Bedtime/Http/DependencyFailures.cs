using System.Net;
using System.Net.Sockets;
using Azure;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Http;

/// <summary>
/// Tells an outage of a dependency (Cosmos DB, storage, the vault unreachable, throttling or 5xx) from a bug:
/// the former is the service being temporarily unavailable — a 503 the client may retry — not a 500.
/// </summary>
public static class DependencyFailures
{
    public const int RetryAfterSeconds = 5;

    public static bool IsOutage(Exception exception) => exception switch
    {
        CosmosException cosmos => cosmos.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout
            or HttpStatusCode.TooManyRequests or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError || (int)cosmos.StatusCode == 0,
        RequestFailedException storage => storage.Status is 0 or 408 or 429 or >= 500,
        HttpRequestException or SocketException or TimeoutException => true,
        // No credential could be had for a dependency (no key, no managed identity): unavailable to the client, not a bug.
        Azure.Identity.AuthenticationFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsOutage),
        _ when exception.InnerException is { } inner => IsOutage(inner),
        _ => false,
    };
}
