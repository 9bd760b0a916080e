using System.Diagnostics.Metrics;
using Bedtime.Platform;

namespace Bedtime.Stories;

/// <summary>The story pipeline's instruments (names in <see cref="TelemetryNames"/>; the alerts query them).</summary>
public sealed class StoryMetrics
{
    private readonly Counter<long> _requested, _completed, _failed, _poisoned;
    private readonly Histogram<double> _endToEnd, _generation, _narration, _firstAudio;

    public StoryMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(TelemetryNames.Meter);
        _requested = meter.CreateCounter<long>(TelemetryNames.StoriesRequested);
        _completed = meter.CreateCounter<long>(TelemetryNames.StoriesCompleted);
        _failed = meter.CreateCounter<long>(TelemetryNames.StoriesFailed);
        _poisoned = meter.CreateCounter<long>(TelemetryNames.JobsPoisoned);
        _endToEnd = meter.CreateHistogram<double>(TelemetryNames.StoryEndToEndSeconds, "s");
        _generation = meter.CreateHistogram<double>(TelemetryNames.StoryGenerationSeconds, "s");
        _narration = meter.CreateHistogram<double>(TelemetryNames.StoryNarrationSeconds, "s", "Time to narrate one segment (a paragraph)");
        _firstAudio = meter.CreateHistogram<double>(TelemetryNames.StoryFirstAudioSeconds, "s", "From a story's creation to its first playable segment");
    }

    public void Requested() => _requested.Add(1);
    public void Completed(TimeSpan endToEnd) { _completed.Add(1); _endToEnd.Record(endToEnd.TotalSeconds); }
    public void Failed(string code) => _failed.Add(1, new KeyValuePair<string, object?>("code", code));
    public void Poisoned() => _poisoned.Add(1, new KeyValuePair<string, object?>("queue", QueueNames.StoryJobs));
    public void Generated(TimeSpan duration, string writer) => _generation.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("writer", writer));
    public void FirstAudio(TimeSpan sinceCreated) => _firstAudio.Record(sinceCreated.TotalSeconds);
    public void Narrated(TimeSpan duration, string narrator) => _narration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("narrator", narrator));
}
