using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Http;

/// <summary>Writes an <see cref="ApiError"/> as <c>application/problem+json</c> (RFC 9457) with the request and trace ids.</summary>
public sealed class ProblemResult(ApiError error) : IResult, IStatusCodeHttpResult
{
    public const string ContentType = "application/problem+json";

    public ApiError Error { get; } = error;
    public int? StatusCode => Error.Status;

    public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, Error);

    public static async Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = ContentType;
        if (error.RetryAfterSeconds is { } seconds)
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (error.WwwAuthenticate is { } challenge)
            response.Headers.WWWAuthenticate = challenge;
        var body = new ProblemBody(
            TypeFor(error.Status), error.Title, error.Status, error.Detail, context.Request.Path.Value,
            error.Code, RequestId.Of(context), Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier, error.Errors);
        // With its length declared, a client (and a proxy in front of the worker) knows the answer is whole as soon as it
        // has the bytes, even while the request's work goes on (see ApiPipeline's answer past the bound).
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JsonDefaults.Options);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
    };

    internal sealed record ProblemBody(
        string Type, string Title, int Status, string Detail, string? Instance,
        string Code, string RequestId, string TraceId, IReadOnlyDictionary<string, string[]>? Errors);
}
