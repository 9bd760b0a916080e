namespace Bedtime.Tests.TestSupport;

public static class Eventually
{
    /// <summary>Polls until the condition holds or the timeout passes (real time: for work on real servers).</summary>
    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return true;
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(50));
        }
    }
}
