namespace Bedtime.Jobs;

/// <summary>A transient failure: thrown so the queue redelivers the message after its visibility timeout.</summary>
public sealed class RetryableJobException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
