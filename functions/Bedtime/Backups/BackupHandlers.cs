using Bedtime.Audit;
using Bedtime.Backups.Operations;
using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Security;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Backups;

// Backups, verifications and restores can outlast any request (Azure cuts HTTP off at about 230 s): each is accepted
// as an operation (202, Location of its resource) and run by the backup-operations job.

/// <summary><c>POST /api/ops/backups</c>: back up now. 202 with the operation, or 409 while another run holds the lock.</summary>
public sealed class RunBackupHandler(BackupOperations operations, BackupStore store, TimeProvider clock) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await BackupLease.IsHeldAsync(store.Container, cancellationToken))
            return new ProblemResult(new ApiError(409, "backup_running", "A backup is already running.", "Wait for it to finish, then list the backups.")
                { RetryAfterSeconds = 30 });
        var operation = await operations.AcceptAsync(BackupOperationKind.Backup, null, null, BackupOperationRequests.Requester(context), cancellationToken);
        return BackupOperationRequests.Accepted(operation, clock);
    }
}

/// <summary><c>GET /api/ops/backups</c>: every backup with its manifest, newest first.</summary>
public sealed class ListBackupsHandler(BackupStore store) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        new JsonResponse(new BackupList(await store.ListManifestsAsync(cancellationToken)));
}

public sealed record BackupList(IReadOnlyList<BackupManifest> Items);

/// <summary><c>POST /api/ops/backups/{id}/verify</c>: read the files back and check them against the manifest (an operation).</summary>
public sealed class VerifyBackupHandler(BackupOperations operations, BackupStore store, TimeProvider clock) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await BackupOperationRequests.ExistingBackupAsync(context, store, cancellationToken) is not { } id)
            return new ProblemResult(ApiError.NotFound("backup"));
        var operation = await operations.AcceptAsync(BackupOperationKind.Verify, id.Value, null, BackupOperationRequests.Requester(context), cancellationToken);
        return BackupOperationRequests.Accepted(operation, clock);
    }
}

/// <summary><c>POST /api/ops/backups/{id}/restore</c> with an optional body <c>{ targetDatabase?, overwrite? }</c> (an operation).</summary>
public sealed class RestoreBackupHandler(BackupOperations operations, BackupStore store, JsonBody json, TimeProvider clock) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = new RestoreRequest();
        if (HasBody(context.Request))
        {
            var body = await json.ReadAsync<RestoreRequest>(context.Request, cancellationToken);
            if (!body.IsSuccess) return new ProblemResult(body.Error!);
            request = body.Value;
        }
        if (await BackupOperationRequests.ExistingBackupAsync(context, store, cancellationToken) is not { } id)
            return new ProblemResult(ApiError.NotFound("backup"));
        var operation = await operations.AcceptAsync(BackupOperationKind.Restore, id.Value, request, BackupOperationRequests.Requester(context), cancellationToken);
        return BackupOperationRequests.Accepted(operation, clock);
    }

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}

/// <summary><c>GET /api/ops/operations/{id}</c>: a backup operation's state, and its result once it has one.</summary>
public sealed class GetBackupOperationHandler(BackupOperations operations, TimeProvider clock) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        context.Request.RouteValues["id"] as string is var id && ResourceIds.IsOperation(id) && await operations.GetAsync(id!, cancellationToken) is { } operation
            ? new JsonResponse(BackupOperationResource.From(operation, clock.GetUtcNow()))
            : new ProblemResult(ApiError.NotFound("operation"));
}

internal static class BackupOperationRequests
{
    /// <summary>As the audit trail names the admin, so an operation's entries and its request's entry agree.</summary>
    public static string Requester(HttpContext context) => AuditActors.Admin(Caller.Of(context).OwnerId);

    public static IResult Accepted(BackupOperation operation, TimeProvider clock) =>
        new JsonResponse(BackupOperationResource.From(operation, clock.GetUtcNow()), StatusCodes.Status202Accepted, BackupOperationResource.Location(operation.Id));

    /// <returns>The route's backup when it names one made by the server that has a manifest; null otherwise.</returns>
    public static async Task<BackupId?> ExistingBackupAsync(HttpContext context, BackupStore store, CancellationToken cancellationToken) =>
        BackupId.TryParse(context.Request.RouteValues["id"] as string, out var id) && await store.TryReadManifestAsync(id, cancellationToken) is not null
            ? id
            : null;
}
