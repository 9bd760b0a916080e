namespace Bedtime.Security.RateLimiting;

/// <summary>Which limits a request counts against. Each endpoint names its policy in the catalogue.</summary>
public enum RateLimitPolicy
{
    /// <summary>Everything not named below: per user, or per client address for anonymous routes.</summary>
    General,
    /// <summary><c>POST /api/stories</c>: a burst limit and a daily limit, both per user.</summary>
    StoryCreation,
    /// <summary><c>POST /api/uploads</c> and <c>/api/uploads/sessions</c>, counted together per user.</summary>
    Uploads,
    /// <summary><c>GET /api/me/export</c>: it reads the whole account, so a few an hour per user.</summary>
    Exports,
}
