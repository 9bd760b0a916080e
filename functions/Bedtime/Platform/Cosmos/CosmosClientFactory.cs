using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Microsoft.Azure.Cosmos;

namespace Bedtime.Platform.Cosmos;

/// <summary>Builds the one <see cref="CosmosClient"/> of the process (an SDK client is meant to be a singleton).</summary>
public static class CosmosClientFactory
{
    /// <summary>Document JSON: camelCase and enums as strings, but lenient to fields it does not know (older or newer schema versions).</summary>
    public static readonly JsonSerializerOptions DocumentJson = CreateDocumentJson();

    public static CosmosClient Create(CosmosOptions options, TokenCredential credential)
    {
        var clientOptions = new CosmosClientOptions
        {
            ConnectionMode = options.ConnectionMode,
            LimitToEndpoint = options.LimitToEndpoint,
            RequestTimeout = options.RequestTimeout,
            Serializer = new CosmosJsonSerializer(DocumentJson),
            ApplicationName = "bedtime",
            EnableContentResponseOnWrite = true,
        };
        return string.IsNullOrEmpty(options.Key)
            ? new CosmosClient(options.Endpoint, credential, clientOptions)
            : new CosmosClient(options.Endpoint, options.Key, clientOptions);
    }

    private static JsonSerializerOptions CreateDocumentJson()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        json.MakeReadOnly(populateMissingResolver: true);
        return json;
    }
}
