using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>The id that ties a response to its logs: the client's <c>X-Request-Id</c> when well formed, else a new one.</summary>
public static class RequestId
{
    public const string Header = "X-Request-Id";
    private const int MaxLength = 64;
    private static readonly object ItemKey = new();

    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string s ? s : Assign(context);

    internal static string Assign(HttpContext context)
    {
        var supplied = context.Request.Headers[Header].ToString();
        var id = IsWellFormed(supplied) ? supplied : ActivityTraceId.CreateRandom().ToString();
        context.Items[ItemKey] = id;
        return id;
    }

    /// <summary>Letters, digits and <c>-_.:</c> only, at most 64 characters: safe to echo and to log.</summary>
    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
