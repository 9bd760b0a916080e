using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

/// <summary>Lets Cosmos use System.Text.Json with the application's options, so documents and API JSON agree.</summary>
internal sealed class CosmosJsonSerializer(JsonSerializerOptions options) : CosmosSerializer
{
    public override T FromStream<T>(Stream stream)
    {
        using (stream)
        {
            if (typeof(Stream).IsAssignableFrom(typeof(T)))
                return (T)(object)stream;
            return JsonSerializer.Deserialize<T>(stream, options)!;
        }
    }

    public override Stream ToStream<T>(T input)
    {
        var stream = new MemoryStream();
        JsonSerializer.Serialize(stream, input, options);
        stream.Position = 0;
        return stream;
    }
}
