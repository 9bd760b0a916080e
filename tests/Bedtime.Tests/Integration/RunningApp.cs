using Bedtime.Local.Hosting;
using Bedtime.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bedtime.Tests.Integration;

/// <summary>A local runner started in-process on a free port, with an HttpClient pointed at it.</summary>
public sealed class RunningApp : IAsyncDisposable
{
    private RunningApp(LocalRunner runner, Uri address, CapturingLoggerProvider logs)
    {
        Logs = logs;
        Runner = runner;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LocalRunner Runner { get; }
    public Uri Address { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => Runner.App.Services;
    public CapturingLoggerProvider Logs { get; }

    public static async Task<RunningApp> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var logs = new CapturingLoggerProvider();
        var runner = await LocalRunner.CreateAsync([], settings, s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            services?.Invoke(s);
        });
        try
        {
            await runner.App.StartAsync();
            var address = runner.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new RunningApp(runner, new Uri(address), logs);
        }
        catch
        {
            await runner.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Runner.App.StopAsync();
        await Runner.DisposeAsync();
    }
}
