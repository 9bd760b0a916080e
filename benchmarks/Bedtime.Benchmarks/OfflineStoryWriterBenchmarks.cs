using BenchmarkDotNet.Attributes;
using Bedtime.Stories;
using Bedtime.Stories.Writing.Offline;

namespace Bedtime.Benchmarks;

/// <summary>One story per operation, for each length, with a setting, a moral and two inspirations to weave in.</summary>
[MemoryDiagnoser]
public class OfflineStoryWriterBenchmarks
{
    private readonly OfflineStoryWriter _writer = new();
    private StoryBrief _brief = null!;
    private int _seed;

    [Params(StoryLength.Short, StoryLength.Medium, StoryLength.Long)]
    public StoryLength Length { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _brief = new StoryBrief("Mia", 6, "rockets and planets", "a lighthouse on a rocky island", "be kind to others",
            Length, "en", [new("image", "A drawing of a purple cat with wings"), new("text", "The owl and the moon were friends")], 0);

    /// <summary>A new seed each time, so the benchmark covers the spread of plots rather than one cached path.</summary>
    [Benchmark]
    public async Task<int> WriteStory()
    {
        var result = await _writer.WriteAsync(_brief with { Seed = _seed++ }, CancellationToken.None);
        return result.Value!.WordCount;
    }
}
