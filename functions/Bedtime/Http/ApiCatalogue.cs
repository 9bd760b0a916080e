using Bedtime.Audit;
using Bedtime.Backups;
using Bedtime.DataRights;
using Bedtime.DataRights.Erasure;
using Bedtime.Health;
using Bedtime.Platform;
using Bedtime.Secrets.Rotation;
using Bedtime.Security.RateLimiting;
using Bedtime.Stories;
using Bedtime.Stories.Narration.Voices;
using Bedtime.Uploads;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bedtime.Http;

/// <summary>
/// Every HTTP operation of the API. The local runner maps these; the Functions triggers use the same routes;
/// the shared pipeline matches requests against them (route values, access, body limits).
/// </summary>
public static class ApiCatalogue
{
    public static readonly IReadOnlyList<ApiEndpoint> Endpoints =
    [
        new(FunctionNames.Health, HttpMethods.Get, Routes.Health, typeof(HealthHandler), EndpointAccess.Anonymous),
        new(FunctionNames.OpenApi, HttpMethods.Get, Routes.OpenApi, typeof(OpenApiHandler), EndpointAccess.Anonymous),
        new(FunctionNames.CreateStory, HttpMethods.Post, Routes.Stories, typeof(CreateStoryHandler), EndpointAccess.User)
            { RateLimit = RateLimitPolicy.StoryCreation },
        new(FunctionNames.ListStories, HttpMethods.Get, Routes.Stories, typeof(ListStoriesHandler), EndpointAccess.User),
        new(FunctionNames.GetStory, HttpMethods.Get, Routes.Story, typeof(GetStoryHandler), EndpointAccess.User),
        new(FunctionNames.DeleteStory, HttpMethods.Delete, Routes.Story, typeof(DeleteStoryHandler), EndpointAccess.User),
        new(FunctionNames.ListVoices, HttpMethods.Get, Routes.Voices, typeof(ListVoicesHandler), EndpointAccess.Anonymous),
        // Streams for as long as the account's data takes to read; every read in it is bounded.
        new(FunctionNames.ExportMyData, HttpMethods.Get, Routes.MyExport, typeof(ExportMyDataHandler), EndpointAccess.User)
            { Bounded = false, RateLimit = RateLimitPolicy.Exports, Audited = AuditActions.DataExport },
        new(FunctionNames.EraseMyData, HttpMethods.Delete, Routes.Me, typeof(EraseMyDataHandler), EndpointAccess.User) { Audited = AuditActions.ErasureRequest },
        new(FunctionNames.GetMyErasure, HttpMethods.Get, Routes.MyErasure, typeof(GetMyErasureHandler), EndpointAccess.User),
        new(FunctionNames.CreateUpload, HttpMethods.Post, Routes.Uploads, typeof(CreateUploadHandler), EndpointAccess.User)
            { RateLimit = RateLimitPolicy.Uploads },
        new(FunctionNames.ListUploads, HttpMethods.Get, Routes.Uploads, typeof(ListUploadsHandler), EndpointAccess.User),
        new(FunctionNames.CreateUploadSession, HttpMethods.Post, Routes.UploadSessions, typeof(CreateUploadSessionHandler), EndpointAccess.User)
            { RateLimit = RateLimitPolicy.Uploads },
        new(FunctionNames.GetUpload, HttpMethods.Get, Routes.Upload, typeof(GetUploadHandler), EndpointAccess.User),
        new(FunctionNames.DeleteUpload, HttpMethods.Delete, Routes.Upload, typeof(DeleteUploadHandler), EndpointAccess.User),
        new(FunctionNames.CompleteUpload, HttpMethods.Post, Routes.UploadComplete, typeof(CompleteUploadHandler), EndpointAccess.User)
            { Bounded = false },
        // Every operator route is audited, whoever calls it and however it ends.
        new(FunctionNames.RotateSecrets, HttpMethods.Post, Routes.OpsSecretsRotate, typeof(RotateSecretsHandler), EndpointAccess.Admin) { Audited = AuditActions.SecretsRotate },
        new(FunctionNames.RunBackup, HttpMethods.Post, Routes.OpsBackups, typeof(RunBackupHandler), EndpointAccess.Admin) { Audited = AuditActions.BackupRequest },
        new(FunctionNames.ListBackups, HttpMethods.Get, Routes.OpsBackups, typeof(ListBackupsHandler), EndpointAccess.Admin) { Audited = AuditActions.BackupsList },
        new(FunctionNames.VerifyBackup, HttpMethods.Post, Routes.OpsBackupVerify, typeof(VerifyBackupHandler), EndpointAccess.Admin) { Audited = AuditActions.BackupVerifyRequest },
        new(FunctionNames.RestoreBackup, HttpMethods.Post, Routes.OpsBackupRestore, typeof(RestoreBackupHandler), EndpointAccess.Admin) { Audited = AuditActions.BackupRestoreRequest },
        new(FunctionNames.GetBackupOperation, HttpMethods.Get, Routes.OpsOperation, typeof(GetBackupOperationHandler), EndpointAccess.Admin) { Audited = AuditActions.OperationRead },
        new(FunctionNames.ListAudit, HttpMethods.Get, Routes.OpsAudit, typeof(ListAuditHandler), EndpointAccess.Admin) { Audited = AuditActions.AuditList },
    ];

    public static PathString ApiPrefix { get; } = new("/" + Routes.Prefix);

    private static readonly Dictionary<string, ApiEndpoint> ByFunction = Endpoints.ToDictionary(e => e.Name, StringComparer.Ordinal);

    /// <summary>The endpoint a Functions function serves, by its name; null for a name the catalogue does not know.</summary>
    public static ApiEndpoint? ForFunction(string name) => ByFunction.GetValueOrDefault(name);

    /// <summary>Finds the endpoint for a request path. <paramref name="pathMatched"/> tells a wrong method (405) from an unknown path (404).</summary>
    public static ApiEndpoint? Match(IEnumerable<ApiEndpoint> endpoints, string method, PathString path, RouteValueDictionary values, out bool pathMatched)
    {
        pathMatched = false;
        if (!path.StartsWithSegments(ApiPrefix, StringComparison.OrdinalIgnoreCase, out var relative))
            return null;
        foreach (var endpoint in endpoints)
        {
            var candidate = new RouteValueDictionary();
            if (!endpoint.TryMatch(relative, candidate)) continue;
            pathMatched = true;
            if (!HttpMethods.Equals(endpoint.Method, method)) continue;
            foreach (var (key, value) in candidate) values[key] = value;
            return endpoint;
        }
        return null;
    }
}
