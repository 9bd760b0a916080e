namespace Bedtime.Stories.Writing;

public enum StoryWriterProvider { Offline, AzureOpenAI }

public sealed class StoryWriterOptions
{
    public const string Section = "StoryWriter";

    /// <summary><c>Offline</c> (the embedded generator, the default) or <c>AzureOpenAI</c> (needs <c>OpenAI:Endpoint</c> and <c>OpenAI:Deployment</c>).</summary>
    public StoryWriterProvider Provider { get; set; } = StoryWriterProvider.Offline;
}
