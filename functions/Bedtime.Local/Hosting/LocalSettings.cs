using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Bedtime.Local.Hosting;

/// <summary>
/// Reads <c>local.settings.json</c> the way the Functions host does: each <c>Values</c> entry becomes a setting,
/// with <c>__</c> meaning a section separator — so the runner and <c>func start</c> read the same file.
/// </summary>
public static class LocalSettings
{
    public static IConfigurationBuilder AddLocalSettingsFile(this IConfigurationBuilder builder, string path)
    {
        if (!File.Exists(path)) return builder;
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var section))
            foreach (var property in section.EnumerateObject())
                values[property.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] =
                    property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText();
        return builder.AddInMemoryCollection(values);
    }
}
