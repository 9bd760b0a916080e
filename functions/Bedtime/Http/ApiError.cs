namespace Bedtime.Http;

/// <summary>An expected failure, carried as a value and mapped to RFC 9457 problem details at the edge.</summary>
public sealed record ApiError(int Status, string Code, string Title, string Detail)
{
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }
    /// <summary>Seconds a client should wait before trying again (429, 503).</summary>
    public int? RetryAfterSeconds { get; init; }
    /// <summary>The challenge sent with a 401.</summary>
    public string? WwwAuthenticate { get; init; }

    public static ApiError BadRequest(string detail) => new(400, "bad_request", "The request is not valid.", detail);
    public static ApiError Validation(IReadOnlyDictionary<string, string[]> errors) =>
        new(400, "validation_failed", "One or more fields are not valid.", "See 'errors' for the fields to correct.") { Errors = errors };
    public static ApiError NotFound(string what) => new(404, "not_found", "Not found.", $"No {what} with that id exists.");
    public static ApiError RouteNotFound() => new(404, "route_not_found", "Not found.", "No API route matches this path.");
    public static ApiError MethodNotAllowed() => new(405, "method_not_allowed", "Method not allowed.", "This route does not accept that HTTP method.");
    public static ApiError OriginNotAllowed() => new(403, "origin_not_allowed", "Origin not allowed.", "This origin may not call the API from a browser.");
    public static ApiError Forbidden(string detail) => new(403, "forbidden", "Forbidden.", detail);
    public static ApiError Conflict(string detail) => new(409, "conflict", "Conflict.", detail);
    public static ApiError PayloadTooLarge(long limit) => new(413, "payload_too_large", "The request body is too large.", $"The body may be at most {limit} bytes.");
    public static ApiError UnsupportedMediaType(string detail) => new(415, "unsupported_media_type", "Unsupported media type.", detail);
    public static ApiError TooManyRequests(int retryAfterSeconds) =>
        new(429, "rate_limited", "Too many requests.", $"A rate limit was reached; try again in {retryAfterSeconds} seconds.") { RetryAfterSeconds = retryAfterSeconds };
    public static ApiError Unavailable(string detail, int retryAfterSeconds) =>
        new(503, "service_unavailable", "The service is temporarily unavailable.", detail) { RetryAfterSeconds = retryAfterSeconds };
    public static ApiError Unexpected() => new(500, "internal_error", "An unexpected error occurred.", "The error has been logged; quote the request id when reporting it.");
}

/// <summary>The outcome of an operation that can fail in an expected way.</summary>
public readonly struct Result<T>
{
    private readonly T? _value;

    private Result(T? value, ApiError? error) => (_value, Error) = (value, error);

    public ApiError? Error { get; }
    public bool IsSuccess => Error is null;
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"No value: {Error!.Code}");

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(ApiError error) => new(default, error);
}
