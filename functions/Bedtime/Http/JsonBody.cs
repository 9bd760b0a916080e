using System.Buffers;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bedtime.Http;

/// <summary>Reads a JSON request body strictly: media type, size limit, schema, then data annotations.</summary>
public sealed class JsonBody(IOptions<HttpOptions> options)
{
    public async Task<Result<T>> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!IsJson(request.ContentType))
            return ApiError.UnsupportedMediaType("Send the body as 'application/json' (UTF-8).");

        var limit = options.Value.MaxJsonBodyBytes;
        if (request.ContentLength > limit)
            return ApiError.PayloadTooLarge(limit);

        var buffer = ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            var length = await ReadUpToAsync(request.Body, buffer, limit + 1, cancellationToken);
            if (length > limit)
                return ApiError.PayloadTooLarge(limit);
            if (length == 0)
                return ApiError.BadRequest("The request body is empty; a JSON object is expected.");
            return Deserialize<T>(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static Result<T> Deserialize<T>(ReadOnlySpan<byte> utf8Json) where T : class
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(utf8Json, JsonDefaults.Options);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return ApiError.Validation(new Dictionary<string, string[]> { [field] = [Describe(ex)] });
        }
        if (value is null)
            return ApiError.BadRequest("A JSON object is expected, not null.");
        return Validate(value);
    }

    /// <summary>
    /// Runs data-annotation validation over the whole object graph and reports every failing field by its JSON path
    /// (<c>narration.voice</c>, <c>items[2].name</c>): <see cref="Validator"/> alone does not descend into nested objects.
    /// </summary>
    public static Result<T> Validate<T>(T value) where T : class
    {
        var errors = new Dictionary<string, List<string>>();
        Collect(value, "", errors, depth: 0);
        return errors.Count == 0 ? value : ApiError.Validation(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    // Deeper than any request model; the JSON reader refuses deeper documents before this runs.
    private const int MaxModelDepth = 8;

    private static void Collect(object value, string path, Dictionary<string, List<string>> errors, int depth)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames.Select(m => Join(path, Field(m))) : [path.Length == 0 ? "body" : path];
            foreach (var field in members)
            {
                if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
                messages.Add(result.ErrorMessage ?? "Not valid.");
            }
        }
        if (depth >= MaxModelDepth) return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetValue(value) is not { } nested) continue;
            var nestedPath = Join(path, Field(property.Name));
            if (IsModel(nested.GetType())) Collect(nested, nestedPath, errors, depth + 1);
            else if (nested is System.Collections.IEnumerable items and not string)
            {
                var index = 0;
                foreach (var item in items)
                {
                    if (item is not null && IsModel(item.GetType())) Collect(item, $"{nestedPath}[{index}]", errors, depth + 1);
                    index++;
                }
            }
        }
    }

    /// <summary>The application's own request types, not the framework's (strings, collections, JSON values).</summary>
    private static bool IsModel(Type type) =>
        type.IsClass && type.Namespace is { } ns && !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Microsoft", StringComparison.Ordinal);

    private static string Field(string member) => JsonNamingPolicy.CamelCase.ConvertName(member);

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    // The serializer's messages can quote type names; keep the client-facing text short and about their input.
    private static string Describe(JsonException ex) => ex.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown field.",
        var m when m.Contains("Duplicate", StringComparison.OrdinalIgnoreCase) => "Duplicate field.",
        var m when m.Contains("missing required", StringComparison.OrdinalIgnoreCase) => "A required field is missing.",
        var m when m.Contains("maximum configured depth", StringComparison.Ordinal) => "The JSON is nested too deeply.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "The value has the wrong type or is out of range.",
        var m when m.Contains("null", StringComparison.OrdinalIgnoreCase) => "The value may not be null.",
        _ => "The body is not valid JSON.",
    };

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) &&
        media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) &&
        (!media.Charset.HasValue || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static async Task<int> ReadUpToAsync(Stream body, byte[] buffer, int max, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < max)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total, max - total), cancellationToken);
            if (read == 0) break;
            total += read;
        }
        return total;
    }
}
