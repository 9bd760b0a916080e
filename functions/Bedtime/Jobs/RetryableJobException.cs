namespace Bedtime.Jobs;

/// <summary>
/// A transient failure: thrown so the queue redelivers the message after its visibility timeout. With
/// <see cref="RetryAfter"/> (the provider said when to come back) the handler may put the job off instead: <see cref="JobDeferral"/>.
/// </summary>
public sealed class RetryableJobException(string code, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public string Code { get; } = code;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
