namespace Bedtime.Platform;

/// <summary>Names of the settings that hold the timers' 6-field NCRONTAB schedules (<c>%NAME%</c> in trigger attributes).</summary>
public static class ScheduleSettings
{
    public const string Backup = "BACKUP_SCHEDULE";
    public const string SecretRotation = "SECRET_ROTATION_SCHEDULE";
    public const string Sweeper = "SWEEPER_SCHEDULE";
}
