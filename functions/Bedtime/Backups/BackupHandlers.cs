using Bedtime.Http;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Backups;

/// <summary><c>POST /api/ops/backups</c>: back up now. 201 with the manifest, or 409 while another run holds the lock.</summary>
public sealed class RunBackupHandler(BackupRunner runner) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(BackupRunner.AdminTrigger, cancellationToken) is { } manifest
            ? new JsonResult(manifest, StatusCodes.Status201Created)
            : new ProblemResult(new ApiError(409, "backup_running", "A backup is already running.", "Wait for it to finish, then list the backups."));
}

/// <summary><c>GET /api/ops/backups</c>: every backup with its manifest, newest first.</summary>
public sealed class ListBackupsHandler(BackupStore store) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        new JsonResult(new BackupList(await store.ListManifestsAsync(cancellationToken)));
}

public sealed record BackupList(IReadOnlyList<BackupManifest> Items);

/// <summary><c>POST /api/ops/backups/{id}/verify</c>: read the files back and check them against the manifest.</summary>
public sealed class VerifyBackupHandler(BackupVerifier verifier) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        BackupId.TryParse(context.Request.RouteValues["id"] as string, out var id) && await verifier.VerifyAndRecordAsync(id, cancellationToken) is { } verified
            ? new JsonResult(verified.Verification)
            : new ProblemResult(ApiError.NotFound("backup"));
}

/// <summary><c>POST /api/ops/backups/{id}/restore</c> with an optional body <c>{ targetDatabase?, overwrite? }</c>.</summary>
public sealed class RestoreBackupHandler(BackupRestorer restorer, JsonBody json) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!BackupId.TryParse(context.Request.RouteValues["id"] as string, out var id))
            return new ProblemResult(ApiError.NotFound("backup"));
        var request = new RestoreRequest();
        if (HasBody(context.Request))
        {
            var body = await json.ReadAsync<RestoreRequest>(context.Request, cancellationToken);
            if (!body.IsSuccess) return new ProblemResult(body.Error!);
            request = body.Value;
        }
        var restored = await restorer.RestoreAsync(id, request, cancellationToken);
        return restored.IsSuccess ? new JsonResult(restored.Value) : new ProblemResult(restored.Error!);
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}
