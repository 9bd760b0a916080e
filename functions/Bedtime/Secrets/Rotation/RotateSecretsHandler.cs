using Bedtime.Http;
using Bedtime.Security;
using Microsoft.AspNetCore.Http;

namespace Bedtime.Secrets.Rotation;

/// <summary><c>POST /api/ops/secrets/rotate</c> (role <c>admin</c>): runs the rotation now; 200 with its report.</summary>
public sealed class RotateSecretsHandler(SecretRotator rotator) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var report = await rotator.RotateAsync("admin:" + OwnerHash.Of(Caller.Of(context).OwnerId), cancellationToken);
        return report is null
            ? new ProblemResult(new ApiError(409, "rotation_in_progress", "A secret rotation is already running.",
                "Another rotation held the lock for too long; try again shortly.") { RetryAfterSeconds = 30 })
            : new JsonResponse(report);
    }
}
