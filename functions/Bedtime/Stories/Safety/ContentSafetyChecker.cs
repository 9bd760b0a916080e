using Bedtime.Platform;
using Bedtime.Platform.ContentSafety;

namespace Bedtime.Stories.Safety;

/// <summary>
/// Azure AI Content Safety's text analysis as a checker: its four categories at their severities, judged against the same
/// age bands as the offline checker. A text longer than one request takes is sent in parts, cut between paragraphs.
/// </summary>
public sealed class ContentSafetyChecker(ContentSafetyClient client) : ISafetyChecker
{
    public const string CheckerName = "content-safety";

    public string Name => CheckerName;

    public async Task<ProviderResult<SafetyVerdict>> CheckAsync(string text, int age, CancellationToken cancellationToken)
    {
        var findings = new List<SafetyFinding>();
        foreach (var part in Parts(text, ContentSafetyOptions.MaxTextCharacters))
        {
            var result = await client.AnalyzeTextAsync(part, cancellationToken);
            if (!result.Succeeded) return result.Failure!;
            foreach (var (category, severity) in result.Value!)
                if (severity > 0 && Enum.TryParse<SafetyCategory>(category, ignoreCase: false, out var known))
                    findings.Add(new SafetyFinding(known, severity, $"{CheckerName}: {category} {severity}")); // never the text itself
        }
        return SafetyVerdict.For(findings, age);
    }

    /// <summary>Pieces of at most <paramref name="max"/> characters, cut after a line break where one is near, never inside a surrogate pair.</summary>
    internal static IEnumerable<string> Parts(string text, int max)
    {
        var start = 0;
        while (text.Length - start > max)
        {
            var end = text.LastIndexOf('\n', start + max - 1, max);
            if (end <= start) end = start + max - (char.IsHighSurrogate(text[start + max - 1]) ? 1 : 0);
            else end++;
            yield return text[start..end];
            start = end;
        }
        if (start < text.Length) yield return text[start..];
    }
}
