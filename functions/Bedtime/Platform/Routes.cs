namespace Bedtime.Platform;

/// <summary>Route templates (relative to the <c>/api</c> prefix) shared by the Functions triggers and the local runner.
/// Operator routes live under <c>ops/</c>: the Functions host refuses to load any HTTP function whose route starts
/// with <c>admin</c> or <c>runtime</c>, whatever the route prefix (FunctionsHostRules in Bedtime.Local checks it).</summary>
public static class Routes
{
    public const string Prefix = "api";
    public const string Health = "health";
    public const string OpenApi = "openapi.json";
    public const string Stories = "stories";
    public const string Story = "stories/{id}";
    public const string Voices = "voices";
    public const string MyExport = "me/export";
    public const string Me = "me";
    public const string MyErasure = "me/erasure";
    public const string Uploads = "uploads";
    public const string Upload = "uploads/{id}";
    public const string UploadSessions = "uploads/sessions";
    public const string UploadComplete = "uploads/{id}/complete";
    public const string OpsBackups = "ops/backups";
    public const string OpsBackupVerify = "ops/backups/{id}/verify";
    public const string OpsBackupRestore = "ops/backups/{id}/restore";
    public const string OpsOperation = "ops/operations/{id}";
    public const string OpsSecretsRotate = "ops/secrets/rotate";
    public const string OpsAudit = "ops/audit";
}
