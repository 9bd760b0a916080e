using Bedtime.Platform.OpenAI;
using Bedtime.Stories.Narration;
using Bedtime.Stories.Narration.Espeak;
using Bedtime.Stories.Writing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bedtime.Stories;

/// <summary>
/// The story writer's readiness: the offline generator always is; Azure OpenAI needs its endpoint and deployment.
/// Checked without calling the model, so health costs no tokens.
/// </summary>
public sealed class StoryWriterHealthCheck(IStoryWriter writer, IOptions<StoryWriterOptions> choice, IOptions<OpenAIOptions> openAI) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(choice.Value.Provider == StoryWriterProvider.AzureOpenAI && !openAI.Value.IsConfigured
            ? HealthCheckResult.Degraded("Azure OpenAI is chosen but OpenAI:Endpoint or OpenAI:Deployment is missing.")
            : HealthCheckResult.Healthy(writer.Name));
}

/// <summary>Whether narration can happen: for espeak-ng, that the engine runs (checked once, then cached).</summary>
public sealed class NarratorHealthCheck(INarrator narrator, IOptions<NarratorOptions> options) : IHealthCheck
{
    private Lazy<Task<bool>>? _engine;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (narrator is not EspeakNarrator) return HealthCheckResult.Healthy(narrator.Name);
        _engine ??= new Lazy<Task<bool>>(() => EngineRunsAsync(options.Value.EspeakPath));
        return await _engine.Value
            ? HealthCheckResult.Healthy(narrator.Name)
            : HealthCheckResult.Degraded("espeak-ng is not installed: stories complete without audio.");
    }

    private static async Task<bool> EngineRunsAsync(string path)
    {
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(path, "--version")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null) return false;
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            return process.ExitCode == 0;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }
}
