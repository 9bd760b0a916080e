using System.ComponentModel.DataAnnotations;

namespace Bedtime.Secrets.Rotation;

public sealed class SecretsOptions
{
    public const string Section = "Secrets";

    /// <summary>
    /// Secrets the app creates and rotates itself. Unset = the API key material and the development signing key named
    /// in <see cref="Security.AuthOptions"/>. Values are base64 of 32 random bytes.
    /// </summary>
    public IList<string>? Owned { get; set; }

    /// <summary>Secrets issued by someone else (provider API keys): the job only warns before they expire.</summary>
    public IList<string> ThirdParty { get; set; } = [];

    /// <summary>An owned secret's current version older than this is replaced.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan RotationPeriod { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the previous version stays valid after a rotation, so holders of it can pick up the new one.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan Overlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Third-party secrets expiring within this window are reported (log warning and metric).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00")]
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a rotation waits for another one (on another instance) to finish before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(30);
}
