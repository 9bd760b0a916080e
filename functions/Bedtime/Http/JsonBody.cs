using System.Buffers;
using System.ComponentModel.DataAnnotations;
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

    /// <summary>Runs data-annotation validation and reports every failing field.</summary>
    public static Result<T> Validate<T>(T value) where T : class
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            return value;
        var errors = results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : ["body"]).Select(m => (Field: JsonNamingPolicy.CamelCase.ConvertName(m), r.ErrorMessage)))
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage ?? "Not valid.").ToArray());
        return ApiError.Validation(errors);
    }

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
