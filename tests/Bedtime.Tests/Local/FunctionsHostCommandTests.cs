using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Bedtime.Local.FunctionsHost;
using Bedtime.Local.Hosting;

namespace Bedtime.Tests.Local;

public class FunctionsHostCommandTests
{
    [Fact]
    public void Port_chooses_the_listen_address_as_func_start_does()
    {
        Assert.Equal(["--Logging:LogLevel:Default=Warning", $"--{LocalDefaults.UrlSetting}=http://127.0.0.1:7072"],
            LocalFunctionsHost.PortArgument(["--Logging:LogLevel:Default=Warning", "--port", "7072"]));
        Assert.Equal([$"--{LocalDefaults.UrlSetting}=http://127.0.0.1:8080"], LocalFunctionsHost.PortArgument(["--port=8080"]));
    }

    [Theory]
    [InlineData("seven")]
    [InlineData("0")]
    [InlineData("70000")]
    public void A_port_that_is_not_a_port_number_is_refused(string port)
    {
        var error = Assert.Throws<ArgumentException>(() => LocalFunctionsHost.PortArgument(["--port", port]));
        Assert.Contains(port, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The host as <c>./scripts/run</c> starts it, with settings that point away from the stand-ins (none is started).</summary>
    private static ProcessStartInfo Host(int port)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bedtime.Local.dll"));
        start.ArgumentList.Add("functions-host");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["AzureWebJobsStorage"] = Bedtime.Local.StandIns.LocalStandIns.ConnectionString(new Uri("http://127.0.0.1:9/"), new Uri("http://127.0.0.1:9/"));
        start.Environment["Cosmos__Endpoint"] = "http://127.0.0.1:9/";
        start.Environment["Provisioning__CreateOnStart"] = "false";
        start.Environment["LocalRunner__RunJobs"] = "false";
        start.Environment[Bedtime.Local.WebApp.LocalWebApp.UrlSetting.Replace(":", "__", StringComparison.Ordinal)] = ""; // no web app: its usual port may be taken here
        start.Environment["LocalRunner__FunctionsApp"] = Bedtime.Tests.Integration.StandInsFixture.FunctionsApp;
        start.Environment["LocalVault__Path"] = Path.Combine(Path.GetTempPath(), $"bedtime-host-{Guid.NewGuid():N}", "vault.json");
        return start;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task A_killed_host_leaves_no_worker_behind()
    {
        using var host = Process.Start(Host(FreePort()))!;
        _ = host.StandardError.ReadToEndAsync();
        int? worker = null;
        while (worker is null && await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            if (line.StartsWith("Bedtime Functions host ready", StringComparison.Ordinal))
                worker = int.Parse(line[(line.LastIndexOf("pid ", StringComparison.Ordinal) + 4)..].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.NotNull(worker);
        Assert.Contains("Bedtime.Functions.dll", File.ReadAllText($"/proc/{worker}/cmdline"), StringComparison.Ordinal);

        host.Kill(entireProcessTree: false); // SIGKILL: no shutdown code of the host runs
        await host.WaitForExitAsync();

        Assert.True(await Bedtime.Tests.TestSupport.Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists($"/proc/{worker}")),
            TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100)), "the worker outlived its host");
    }

    [Fact]
    public async Task Ctrl_C_stops_the_host_and_its_worker_promptly_without_restarting_the_worker()
    {
        var start = Host(FreePort());
        start.Environment["Logging__LogLevel__Bedtime.Local.FunctionsHost"] = "Information";
        using var host = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var ready = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            output.Enqueue(line);
            if (line.StartsWith("Bedtime Functions host ready", StringComparison.Ordinal))
                ready.TrySetResult(int.Parse(line[(line.LastIndexOf("pid ", StringComparison.Ordinal) + 4)..].TrimEnd(')'), System.Globalization.CultureInfo.InvariantCulture));
        };
        host.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        var worker = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));

        using (var interrupt = Process.Start("kill", ["-INT", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await interrupt.WaitForExitAsync();
        var stopping = Stopwatch.StartNew();
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.InRange(stopping.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        Assert.False(Directory.Exists($"/proc/{worker}"), "the worker outlived its host");
        Assert.DoesNotContain(output, line => line.Contains("restarting it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_port_already_in_use_is_one_line_and_exit_code_1()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var host = Process.Start(Host(port))!;
        var error = host.StandardError.ReadToEndAsync();
        var output = host.StandardOutput.ReadToEndAsync();
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, host.ExitCode);
        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.Contains("already in use", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_that_is_not_published_is_one_line_naming_the_publish_command_and_exit_code_1()
    {
        var start = Host(FreePort());
        var missing = Path.Combine(Path.GetTempPath(), $"bedtime-no-app-{Guid.NewGuid():N}");
        start.Environment["LocalRunner__FunctionsApp"] = missing;

        using var host = Process.Start(start)!;
        var error = host.StandardError.ReadToEndAsync();
        var output = host.StandardOutput.ReadToEndAsync();
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, host.ExitCode);
        var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Contains("dotnet publish functions/Bedtime.Functions -c Release", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }
}
