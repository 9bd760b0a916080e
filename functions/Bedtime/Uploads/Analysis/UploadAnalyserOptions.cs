namespace Bedtime.Uploads.Analysis;

public enum UploadAnalyserProvider { Offline, AzureOpenAI }

/// <summary>Which analyser turns uploads into story material (section "UploadAnalyser").</summary>
public sealed class UploadAnalyserOptions
{
    public const string Section = "UploadAnalyser";

    /// <summary><c>Offline</c> (the embedded analyser, the default) or <c>AzureOpenAI</c> (needs <c>OpenAI:Endpoint</c> and <c>OpenAI:Deployment</c>).</summary>
    public UploadAnalyserProvider Provider { get; set; } = UploadAnalyserProvider.Offline;
}
