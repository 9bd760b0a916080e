namespace Bedtime.Stories.Safety;

/// <summary>
/// The check on what parents type, answered at once with a 400: the offline checker, for the child's age. What writers
/// produce is checked by <see cref="StorySafety"/> in the job, with the configured services too.
/// </summary>
public static class RequestSafety
{
    /// <summary>Checks every field a parent typed; returns the field and the evidence of the first problem.</summary>
    public static (string Field, string Evidence)? Check(StoryRequest request)
    {
        foreach (var (field, value) in new[] { ("childName", request.ChildName), ("theme", request.Theme), ("setting", request.Setting), ("moral", request.Moral) })
            if (OfflineSafetyChecker.Check(value, request.Age).Refusal is { } refusal) return (field, refusal.Evidence);
        return null;
    }
}
