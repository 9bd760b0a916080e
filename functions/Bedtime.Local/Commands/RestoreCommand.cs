using Azure;
using Bedtime.Backups;
using Bedtime.Http;
using Bedtime.Local.Hosting;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bedtime.Local.Commands;

/// <summary>The arguments of <c>restore --backup &lt;id&gt; [--target &lt;database&gt;] [--overwrite]</c>.</summary>
public sealed record RestoreArguments(BackupId Backup, RestoreRequest Request)
{
    public const string Usage = "usage: restore --backup <id> [--target <database>] [--overwrite]";

    public static Result<RestoreArguments> Parse(IReadOnlyList<string> args)
    {
        string? backup = null, target = null;
        var overwrite = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--backup" when i + 1 < args.Count && backup is null: backup = args[++i]; break;
                case "--target" when i + 1 < args.Count && target is null: target = args[++i]; break;
                case "--overwrite" when !overwrite: overwrite = true; break;
                default: return ApiError.BadRequest($"Unexpected argument '{args[i]}'. {Usage}");
            }
        }
        if (!BackupId.TryParse(backup, out var id))
            return ApiError.BadRequest($"--backup needs a backup id (yyyyMMdd-HHmmss, as GET /api/ops/backups lists them). {Usage}");
        var request = JsonBody.Validate(new RestoreRequest { TargetDatabase = target, Overwrite = overwrite });
        return request.IsSuccess ? new RestoreArguments(id, request.Value) : ApiError.BadRequest($"--target is not a valid database name. {Usage}");
    }
}

/// <summary>
/// Restores a backup from the command line with the runner's settings (local.settings.json, environment), without
/// starting the web server, the queue listeners or the timers. Exit code 0 on success, 1 otherwise.
/// </summary>
public static class RestoreCommand
{
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter errors,
        IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var parsed = RestoreArguments.Parse(args);
        if (!parsed.IsSuccess)
        {
            await errors.WriteLineAsync(parsed.Error!.Detail);
            return 1;
        }
        try
        {
            await using var runner = await LocalRunner.CreateAsync([], settings, cancellationToken: cancellationToken);
            var restorer = runner.App.Services.GetRequiredService<BackupRestorer>();
            var (id, request) = parsed.Value;
            var restored = await restorer.RestoreAsync(id, request, beforeWriting: null, cancellationToken);
            if (!restored.IsSuccess)
            {
                await errors.WriteLineAsync($"Restore of backup {id} failed: {restored.Error!.Title} {restored.Error.Detail}");
                return 1;
            }
            var report = restored.Value;
            await output.WriteLineAsync($"Restored backup {report.BackupId} into database '{report.Database}' in {(report.FinishedAt - report.StartedAt).TotalSeconds:0.0} s:");
            foreach (var container in report.Containers)
                await output.WriteLineAsync($"  {container.Name,-12} {container.Documents,10} documents{(container.Created ? " (container created)" : "")}");
            return 0;
        }
        catch (Exception ex) when (ex is CosmosException or RequestFailedException or OptionsValidationException or HttpRequestException)
        {
            await errors.WriteLineAsync($"Restore failed: {ex.Message}");
            return 1;
        }
    }
}
