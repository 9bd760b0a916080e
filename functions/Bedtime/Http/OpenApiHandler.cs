using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>Serves the OpenAPI 3 document (embedded; a test keeps it equal to the live routes).</summary>
public sealed class OpenApiHandler : IApiHandler
{
    private static readonly Lazy<byte[]> Document = new(Load);

    public Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IResult>(Results.Bytes(Document.Value, "application/json"));

    public static byte[] Load()
    {
        using var stream = typeof(OpenApiHandler).Assembly.GetManifestResourceStream("Bedtime.openapi.json")
            ?? throw new InvalidOperationException("The OpenAPI document is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
