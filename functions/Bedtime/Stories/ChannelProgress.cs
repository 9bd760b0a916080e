using System.Threading.Channels;

namespace Bedtime.Stories;

/// <summary>Progress reports into a channel, in order, without blocking the reporter (<see cref="Progress{T}"/> would post to a thread pool).</summary>
internal sealed class ChannelProgress<T>(ChannelWriter<T> channel) : IProgress<T>
{
    public void Report(T value) => channel.TryWrite(value);
}
