using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Security.RateLimiting;

/// <summary>Whom a request counts against: the authenticated owner, else the client's network address.</summary>
public static class RateLimitSubject
{
    public static string Of(HttpContext context, Caller? caller, bool trustForwardedFor) =>
        caller is not null ? ForOwner(caller.OwnerId) : "ip:" + ClientAddress(context, trustForwardedFor);

    public static string ForOwner(string ownerId) => "u:" + ownerId;

    /// <summary>
    /// IPv4 addresses as they are; IPv6 by their /64 prefix, because one subscriber typically holds a whole /64 and
    /// could otherwise pick a fresh address per request.
    /// </summary>
    public static string ClientAddress(HttpContext context, bool trustForwardedFor)
    {
        var address = context.Connection.RemoteIpAddress;
        if (trustForwardedFor && LastForwarded(context.Request.Headers["X-Forwarded-For"]) is { } forwarded)
            address = forwarded;
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    // The last entry is the one the nearest (trusted) proxy appended; earlier ones are whatever the client sent.
    private static IPAddress? LastForwarded(string? header)
    {
        var last = header?.Split(',').LastOrDefault()?.Trim();
        if (string.IsNullOrEmpty(last)) return null;
        return IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address : null;
    }
}
