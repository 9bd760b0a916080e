using System.Net;
using System.Net.Sockets;

namespace Bedtime.Tests.TestSupport;

public static class FreePort
{
    /// <summary>A loopback port free right now (for a server that must come back at the same address).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
