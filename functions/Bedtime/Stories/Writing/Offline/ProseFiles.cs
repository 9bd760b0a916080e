using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bedtime.Stories.Writing.Offline;

/// <summary>
/// The offline writer's prose: JSON files embedded from <c>Prose/</c> (each names its schema beside it), read once and
/// strictly — a missing or misspelt field, a null where text belongs, or an unknown problem kind fails at once.
/// </summary>
internal static class ProseFiles
{
    private const string Prefix = "prose/";

    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    private static Assembly Assembly => typeof(ProseFiles).Assembly;

    /// <param name="name">The path under <c>Prose/</c>, e.g. <c>themes/space.json</c>.</param>
    public static T Load<T>(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new InvalidOperationException($"The prose file {name} is not embedded.");
        try
        {
            return JsonSerializer.Deserialize<T>(stream, Options) ?? throw new InvalidOperationException($"The prose file {name} is empty.");
        }
        catch (JsonException invalid)
        {
            throw new InvalidOperationException($"The prose file {name} does not fit its schema: {invalid.Message}", invalid);
        }
    }

    /// <summary>The embedded files in a folder, e.g. <c>themes/</c>, by name.</summary>
    public static IEnumerable<string> Names(string folder) => Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix + folder, StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..])
        .Order(StringComparer.Ordinal);
}
