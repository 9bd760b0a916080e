using Bedtime.Platform;
using Bedtime.Security.PromptInjection;
using Microsoft.Extensions.Logging;

namespace Bedtime.Stories.Safety;

/// <summary>Whether the material chosen for a story may be used: null when it may, else why not (for logs, never the text).</summary>
public sealed record InspirationVerdict(string? Refusal)
{
    public static readonly InspirationVerdict Allowed = new((string?)null);
}

/// <summary>
/// The checks a story job runs on what reaches a child: the offline checker always, then each configured service
/// (Azure AI Content Safety) for passages as they are written, the whole story once written, and the texts taken
/// from uploads (with Prompt Shields' document check) before a writer reads them. A service that cannot answer is a
/// transient failure: nothing unchecked is ever stored.
/// </summary>
public sealed partial class StorySafety(IReadOnlyList<ISafetyChecker> services, IPromptShield shield, ILogger<StorySafety> logger)
{
    public async Task<ProviderResult<SafetyVerdict>> CheckAsync(string text, int age, CancellationToken cancellationToken)
    {
        var verdict = OfflineSafetyChecker.Check(text, age);
        return verdict.Allowed ? await CheckWithServicesAsync(verdict, text, age, cancellationToken) : verdict;
    }

    /// <summary>The offline checker on the title and each paragraph; the services on the whole text at once, so they judge it in context.</summary>
    public async Task<ProviderResult<SafetyVerdict>> CheckStoryAsync(WrittenStory story, int age, CancellationToken cancellationToken)
    {
        var verdict = OfflineSafetyChecker.Check(story.Title, age);
        foreach (var paragraph in story.Paragraphs)
        {
            if (!verdict.Allowed) return verdict;
            verdict = verdict.Merge(OfflineSafetyChecker.Check(paragraph, age));
        }
        if (!verdict.Allowed) return verdict;
        return await CheckWithServicesAsync(verdict, string.Join("\n", [story.Title, .. story.Paragraphs]), age, cancellationToken);
    }

    /// <summary>The uploads' texts (already stripped of instructions) must hide no attack and pass the check for the child's age.</summary>
    public async Task<ProviderResult<InspirationVerdict>> CheckInspirationsAsync(
        IReadOnlyList<StoryInspiration> inspirations, int age, CancellationToken cancellationToken)
    {
        var texts = inspirations.Select(i => i.Summary).Where(s => s.Length > 0).ToList();
        if (texts.Count == 0) return InspirationVerdict.Allowed;
        var attacks = await shield.FindAttacksAsync(texts, cancellationToken);
        if (!attacks.Succeeded) return attacks.Failure!;
        if (attacks.Value!.Count(found => found) is > 0 and var count)
        {
            LogAttackFound(logger, count, texts.Count);
            return new InspirationVerdict("prompt_attack");
        }
        foreach (var text in texts)
        {
            var checkedText = await CheckAsync(text, age, cancellationToken);
            if (!checkedText.Succeeded) return checkedText.Failure!;
            if (checkedText.Value!.Refusal is { } refusal) return new InspirationVerdict(refusal.Category.ToString());
        }
        return InspirationVerdict.Allowed;
    }

    private async Task<ProviderResult<SafetyVerdict>> CheckWithServicesAsync(SafetyVerdict verdict, string text, int age, CancellationToken cancellationToken)
    {
        foreach (var service in services)
        {
            var result = await service.CheckAsync(text, age, cancellationToken);
            if (!result.Succeeded) return result.Failure!;
            verdict = verdict.Merge(result.Value!);
            if (!verdict.Allowed) return verdict;
        }
        return verdict;
    }

    [LoggerMessage(EventId = 4110, Level = LogLevel.Warning, Message = "Prompt Shields found an attack in {Count} of the {Total} upload texts chosen for a story")]
    private static partial void LogAttackFound(ILogger logger, int count, int total);
}
