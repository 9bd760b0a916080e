using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

public sealed record Paging(int Limit, string? Continuation)
{
    public const int DefaultLimit = 20;

    /// <summary>Reads <c>limit</c> (1..max, default 20) and <c>continuation</c> from the query string.</summary>
    public static Result<Paging> Read(HttpRequest request, int maxLimit)
    {
        var limit = DefaultLimit;
        var rawLimit = request.Query["limit"];
        if (rawLimit.Count > 1 || (rawLimit.Count == 1 && (!int.TryParse(rawLimit[0], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > maxLimit)))
            return ApiError.Validation(new Dictionary<string, string[]> { ["limit"] = [$"Use a whole number from 1 to {maxLimit}."] });
        var continuation = request.Query["continuation"];
        if (continuation.Count > 1 || (continuation.Count == 1 && string.IsNullOrEmpty(continuation[0])))
            return ApiError.Validation(new Dictionary<string, string[]> { ["continuation"] = ["Pass the continuation from the previous page once."] });
        return new Paging(Math.Min(limit, maxLimit), continuation.Count == 1 ? continuation[0] : null);
    }
}
