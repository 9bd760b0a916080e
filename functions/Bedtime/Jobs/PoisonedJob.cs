namespace Bedtime.Jobs;

/// <summary>
/// What every <c>-poison</c> handler does: the queue gave up on a job, so its document, unless it is gone or already
/// final, is marked failed with <see cref="Code"/> — a guarded replace, tried again when another worker moved it first —
/// so nobody polls a job that will never end. The handlers say how their document fails and what follows.
/// </summary>
public static class PoisonedJob
{
    public const string Code = "retries_exhausted";
    private const int MaxRaces = 5;

    /// <summary>The message a failed document shows, with the last transient failure when one was recorded.</summary>
    public static string Reason(string? lastFailure) =>
        lastFailure is { } last ? $"Gave up after repeated failures; the last was: {last}" : "Gave up after repeated failures.";

    /// <param name="load">Reads the job's document.</param>
    /// <param name="isFinal">Whether the document has ended already (nothing to do).</param>
    /// <param name="fail">Stores the document as failed, guarded by its ETag: the stored document, or null when another worker moved it first.</param>
    /// <returns>The document as stored failed, or null when there was nothing to fail.</returns>
    public static async Task<T?> FailAsync<T>(
        QueueDelivery delivery, Func<JobMessage, CancellationToken, Task<T?>> load, Func<T, bool> isFinal,
        Func<T, CancellationToken, Task<T?>> fail, CancellationToken cancellationToken) where T : class
    {
        if (JobMessage.TryParse(delivery.Text) is not { } message) return null;
        for (var race = 0; race < MaxRaces; race++)
        {
            var current = await load(message, cancellationToken);
            if (current is null || isFinal(current)) return null;
            if (await fail(current, cancellationToken) is { } failed) return failed;
        }
        return null;
    }
}
