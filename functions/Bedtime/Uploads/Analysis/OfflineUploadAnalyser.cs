using System.Buffers;
using System.Globalization;
using System.Text;
using Bedtime.Platform;
using Bedtime.Security.PromptInjection;
using Bedtime.Uploads.Formats;
using Bedtime.Uploads.Inspection;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// The embedded upload analyser (no cloud, no keys): an extractive summary of texts; pictures and recordings are
/// described by what the inspection measured of their structure as they arrived (nothing parses them again).
/// </summary>
public sealed class OfflineUploadAnalyser : IUploadAnalyser
{
    public const int MaxTextBytes = 1024 * 1024;
    public const int MaxExtractedCharacters = 4000;
    public const int MaxSummaryCharacters = 300;

    public string Name => "offline";

    public async Task<ProviderResult<UploadAnalysis>> AnalyseAsync(
        UploadKind kind, string contentType, MediaMeasurements? measured, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        return kind switch
        {
            UploadKind.Text => await AnalyseTextAsync(content, cancellationToken),
            UploadKind.Image => DescribeImage(contentType, measured),
            UploadKind.Audio => DescribeRecording(measured),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown upload kind."),
        };
    }

    private static async Task<UploadAnalysis> AnalyseTextAsync(Stream content, CancellationToken cancellationToken) =>
        DescribeText(TextNormaliser.Normalise(await ReadTextAsync(content, cancellationToken)), out _);

    /// <summary>
    /// The extract (the parent's own text, as they wrote it) and the extractive summary of an already normalised text;
    /// the summary becomes story material, so it is made from the text without what addresses a model.
    /// </summary>
    /// <param name="material">The text without what addresses a model: what a summariser model may read.</param>
    internal static UploadAnalysis DescribeText(string text, out string material)
    {
        var extracted = WordBoundary.Cut(text, MaxExtractedCharacters);
        material = InstructionStripper.Strip(text).Text;
        var summary = ExtractiveSummariser.Summarise(material, MaxSummaryCharacters);
        return new UploadAnalysis(UploadKind.Text, summary.Length > 0 ? summary : "A text without words.", extracted);
    }

    internal static UploadAnalysis DescribeImage(string contentType, MediaMeasurements? measured)
    {
        var picture = MediaFormat.Of(contentType) is { } format ? $"{format.Name} picture" : "picture";
        var summary = measured is { Width: { } width, Height: { } height }
            ? string.Create(CultureInfo.InvariantCulture, $"A {picture}, {width}×{height}.")
            : $"A {picture}.";
        return new UploadAnalysis(UploadKind.Image, summary, Width: measured?.Width, Height: measured?.Height);
    }

    internal static UploadAnalysis DescribeRecording(MediaMeasurements? measured)
    {
        if (measured?.DurationSeconds is not { } length)
        {
            return new UploadAnalysis(UploadKind.Audio, "A recording.");
        }

        var seconds = Math.Round(length, 3);
        return new UploadAnalysis(UploadKind.Audio, $"A recording of {DescribeDuration(seconds)}.", DurationSeconds: seconds);
    }

    /// <summary>The first megabyte, decoded as UTF-8 without a character cut in half at the end.</summary>
    internal static async Task<string> ReadTextAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxTextBytes);
        try
        {
            var length = 0;
            int read;
            while (length < MaxTextBytes && (read = await content.ReadAsync(buffer.AsMemory(length, MaxTextBytes - length), cancellationToken)) > 0)
            {
                length += read;
            }

            var bytes = buffer.AsSpan(0, length);
            return Encoding.UTF8.GetString(bytes[..Utf8Boundary.CompleteLength(bytes)]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static string DescribeDuration(double seconds)
    {
        var whole = (int)Math.Round(seconds, MidpointRounding.AwayFromZero);
        if (whole < 1)
        {
            return "less than a second";
        }

        var (minutes, rest) = Math.DivRem(whole, 60);
        var parts = new List<string>(2);
        if (minutes > 0)
        {
            parts.Add(Plural(minutes, "minute"));
        }

        if (rest > 0)
        {
            parts.Add(Plural(rest, "second"));
        }

        return string.Join(' ', parts);
    }

    private static string Plural(int count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {unit}{(count == 1 ? string.Empty : "s")}");
}
