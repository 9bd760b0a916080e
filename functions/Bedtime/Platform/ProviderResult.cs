namespace Bedtime.Platform;

/// <summary>
/// Why an outside provider (story writer, narrator, analyser, scanner) could not do its work.
/// <see cref="Transient"/> failures are retried by the queue (timeouts, 429, 5xx); the others fail the job at once.
/// <see cref="RetryAfter"/> is when the provider expects to be able to work again (an open circuit, a Retry-After).
/// </summary>
public sealed record ProviderFailure(string Code, string Message, bool Transient, TimeSpan? RetryAfter = null)
{
    public static ProviderFailure Retry(string code, string message, TimeSpan? retryAfter = null) => new(code, message, Transient: true, retryAfter);
    public static ProviderFailure Permanent(string code, string message) => new(code, message, Transient: false);
}

/// <summary>The value a provider produced, or the failure it reported. Unexpected bugs still throw.</summary>
public readonly record struct ProviderResult<T>
{
    private ProviderResult(T? value, ProviderFailure? failure) => (Value, Failure) = (value, failure);

    public T? Value { get; }
    public ProviderFailure? Failure { get; }
    public bool Succeeded => Failure is null;

    public static implicit operator ProviderResult<T>(T value) => new(value, null);
    public static implicit operator ProviderResult<T>(ProviderFailure failure) => new(default, failure);
}
