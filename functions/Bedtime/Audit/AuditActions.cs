namespace Bedtime.Audit;

/// <summary>The audited actions: requests by the route they reached, jobs by what they ran.</summary>
public static class AuditActions
{
    public const string DataExport = "data.export";
    public const string ErasureRequest = "data.erasure.request";
    public const string Erasure = "data.erasure";
    public const string SecretsRotate = "secrets.rotate";
    public const string BackupRequest = "backup.request";
    public const string BackupVerifyRequest = "backup.verify.request";
    public const string BackupRestoreRequest = "backup.restore.request";
    public const string BackupsList = "backups.list";
    public const string OperationRead = "operation.read";
    public const string AuditList = "audit.list";
    /// <summary>Jobs: <c>backup.run</c>, <c>backup.verify</c>, <c>backup.restore</c> (the operation's kind).</summary>
    public static string BackupOperation(string kind) => "backup." + (kind == "backup" ? "run" : kind);
}

/// <summary>Who acted, as the audit trail names them: never an owner id itself, only its hash.</summary>
public static class AuditActors
{
    public const string Timer = "timer";
    public const string Service = "service";
    public const string Anonymous = "anonymous";

    public static string Owner(string ownerId) => "owner:" + Security.OwnerHash.Of(ownerId);
    public static string Admin(string ownerId) => "admin:" + Security.OwnerHash.Of(ownerId);

    public static string Of(Security.Caller? caller) => caller switch
    {
        null => Anonymous,
        { OwnerId: Security.Caller.ServiceOwnerId } => Service,
        { IsAdmin: true } => Admin(caller.OwnerId),
        _ => Owner(caller.OwnerId),
    };
}
