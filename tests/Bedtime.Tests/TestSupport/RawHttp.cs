using System.Net.Sockets;
using System.Text;

namespace Bedtime.Tests.TestSupport;

/// <summary>Sends a hand-built HTTP/1.1 request, for what HttpClient refuses to send (a body longer than its Content-Length).</summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Text);

    public static async Task<Response> PostAsync(Uri address, string path, string authorization, string contentType, long declaredLength, byte[] body)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        await using var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {address.Authority}\r\nAuthorization: {authorization}\r\nContent-Type: {contentType}\r\nContent-Length: {declaredLength}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        try { await stream.WriteAsync(body); } catch (IOException) { } // the server may close early
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var status = int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return new Response(status, text);
    }
}
