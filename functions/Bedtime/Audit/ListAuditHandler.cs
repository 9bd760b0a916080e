using System.Globalization;
using Bedtime.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Bedtime.Audit;

/// <summary><c>GET /api/ops/audit?from&amp;to&amp;limit&amp;continuation</c> (role <c>admin</c>): the audit entries in a time range,
/// newest first. <c>to</c> defaults to now, <c>from</c> to a day before <c>to</c>; ISO 8601 with an offset.</summary>
public sealed class ListAuditHandler(AuditTrail trail, IOptions<AuditOptions> options, TimeProvider clock) : IApiHandler
{
    private const int MaxLimit = 200;

    public async Task<IResult> HandleAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var paging = Paging.Read(context.Request, MaxLimit);
        if (!paging.IsSuccess) return new ProblemResult(paging.Error!);
        var errors = new Dictionary<string, string[]>();
        var to = Time(context.Request, "to", errors) ?? clock.GetUtcNow();
        var from = Time(context.Request, "from", errors) ?? to.AddDays(-1);
        if (errors.Count == 0 && from >= to) errors["from"] = ["Must be before 'to'."];
        if (errors.Count == 0 && to - from > TimeSpan.FromDays(options.Value.MaxRangeDays))
            errors["from"] = [$"The range may span at most {options.Value.MaxRangeDays} days."];
        if (errors.Count > 0) return new ProblemResult(ApiError.Validation(errors));
        return await trail.ListAsync(from, to, paging.Value.Limit, paging.Value.Continuation, cancellationToken) is { } page
            ? new JsonResponse(page)
            : new ProblemResult(ApiError.Validation(new Dictionary<string, string[]> { ["continuation"] = ["Not a continuation of this listing."] }));
    }

    private static DateTimeOffset? Time(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        var values = request.Query[name];
        if (values.Count == 0) return null;
        if (values.Count == 1 && DateTimeOffset.TryParse(values[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && HasOffset(values[0]!))
            return time;
        errors[name] = ["Use one ISO 8601 date and time with an offset, e.g. 2026-12-05T10:00:00Z."];
        return null;
    }

    private static bool HasOffset(string value) => value.EndsWith('Z') || value.EndsWith('z') || value.LastIndexOfAny(['+', '-']) > 10;
}
