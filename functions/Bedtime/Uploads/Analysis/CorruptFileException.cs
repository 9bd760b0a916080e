namespace Bedtime.Uploads.Analysis;

/// <summary>A header that can't be parsed; the analyser turns it into a permanent "corrupt_file" failure.</summary>
internal sealed class CorruptFileException(string reason) : Exception(reason);
