using System.Buffers;
using System.Globalization;
using System.Text;
using Bedtime.Platform;
using Bedtime.Security.PromptInjection;
using Bedtime.Uploads.Formats;

namespace Bedtime.Uploads.Analysis;

/// <summary>
/// The embedded upload analyser (no cloud, no keys): an extractive summary of texts, format and size of pictures
/// from their headers, and the length of recordings from theirs. Formats are read from the bytes themselves; the
/// content type is only the inspector's earlier reading of the same bytes.
/// </summary>
public sealed class OfflineUploadAnalyser : IUploadAnalyser
{
    public const int MaxTextBytes = 1024 * 1024;
    public const int MaxExtractedCharacters = 4000;
    public const int MaxSummaryCharacters = 300;

    public string Name => "offline";

    public async Task<ProviderResult<UploadAnalysis>> AnalyseAsync(
        UploadKind kind, string contentType, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            return kind switch
            {
                UploadKind.Text => await AnalyseTextAsync(content, cancellationToken),
                UploadKind.Image => await AnalyseImageAsync(content, cancellationToken),
                UploadKind.Audio => await AnalyseAudioAsync(content, cancellationToken),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown upload kind."),
            };
        }
        catch (CorruptFileException corrupt)
        {
            return ProviderFailure.Permanent("corrupt_file", corrupt.Message);
        }
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

    private static async Task<UploadAnalysis> AnalyseImageAsync(Stream content, CancellationToken cancellationToken)
    {
        using var reader = new ByteReader(content);
        var image = await ImageHeaderReader.ReadAsync(reader, cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture, $"A {image.Format} picture, {image.Width}×{image.Height}.");
        return new UploadAnalysis(UploadKind.Image, summary, Width: image.Width, Height: image.Height);
    }

    private static async Task<UploadAnalysis> AnalyseAudioAsync(Stream content, CancellationToken cancellationToken)
    {
        using var reader = new ByteReader(content);
        var seconds = Math.Round(await AudioDurationReader.ReadAsync(reader, cancellationToken), 3);
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
