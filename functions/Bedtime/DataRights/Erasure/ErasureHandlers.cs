using Bedtime.Http;
using Bedtime.Platform;
using Bedtime.Security;
using Microsoft.AspNetCore.Http;

namespace Bedtime.DataRights.Erasure;

/// <summary>
/// <c>DELETE /api/me</c>: erase everything the caller holds. <c>202</c> with the erasure to poll at <c>/api/me/erasure</c>;
/// asking again while it runs answers with the same erasure, asking after it ended starts a new one.
/// </summary>
public sealed class EraseMyDataHandler(Erasures erasures) : IApiHandler
{
    public static readonly string Location = "/" + Routes.Prefix + "/" + Routes.MyErasure;

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var owner = Caller.Of(context).OwnerId;
        var erasure = await erasures.AcceptAsync(owner, cancellationToken) ?? await erasures.GetAsync(owner, cancellationToken);
        return erasure is null
            ? new ProblemResult(ApiError.Conflict("Another request changed the erasure at the same moment; ask again.") with { RetryAfterSeconds = 1 })
            : new JsonResponse(ErasureResource.From(erasure), StatusCodes.Status202Accepted, Location);
    }
}

/// <summary><c>GET /api/me/erasure</c>: the caller's latest erasure, for a week after it last changed.</summary>
public sealed class GetMyErasureHandler(Erasures erasures) : IApiHandler
{
    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken) =>
        await erasures.GetAsync(Caller.Of(context).OwnerId, cancellationToken) is { } erasure
            ? new JsonResponse(ErasureResource.From(erasure))
            : new ProblemResult(new ApiError(404, "not_found", "Not found.", "No erasure was asked for in the last week."));
}
