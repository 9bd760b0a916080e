namespace Bedtime.Platform;

public static class StepTimeout
{
    /// <summary>Runs one provider step under its own timeout, linked to the host's token. A timeout is a transient failure.</summary>
    public static async Task<ProviderResult<T>> RunAsync<T>(
        Func<CancellationToken, Task<ProviderResult<T>>> step, TimeSpan timeout, string code, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await step(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ProviderFailure.Retry(code, $"The step did not finish within {timeout.TotalSeconds:0.#} s.");
        }
    }
}
