using System.Diagnostics;
using System.Net;

namespace Bedtime.LoadRuns;

/// <summary>
/// Every answer the fault suite's clients got during one scenario, whatever the request: how many, the slowest (time
/// to the response's headers) and any 5xx other than 503. Requests that got no answer (a killed host) are not counted.
/// </summary>
public sealed class AnswerTally
{
    private readonly Lock _gate = new();
    private readonly List<string> _serverErrors = [];
    private int _count;
    private TimeSpan _longest;
    private string _slowest = "none";

    public int Count { get { lock (_gate) return _count; } }
    public TimeSpan Longest { get { lock (_gate) return _longest; } }
    public string Slowest { get { lock (_gate) return _slowest; } }
    public IReadOnlyList<string> ServerErrors { get { lock (_gate) return [.. _serverErrors]; } }

    public void Reset()
    {
        lock (_gate) { _count = 0; _longest = TimeSpan.Zero; _slowest = "none"; _serverErrors.Clear(); }
    }

    public void Record(HttpRequestMessage request, HttpStatusCode status, TimeSpan took)
    {
        var what = $"{request.Method} {request.RequestUri?.AbsolutePath} → {(int)status}";
        lock (_gate)
        {
            _count++;
            if (took > _longest) (_longest, _slowest) = (took, what);
            if ((int)status >= 500 && status != HttpStatusCode.ServiceUnavailable) _serverErrors.Add(what);
        }
    }

    /// <summary>A handler for an <see cref="HttpClient"/> that records each answer here.</summary>
    public DelegatingHandler Handler(HttpMessageHandler inner) => new Recording(this) { InnerHandler = inner };

    private sealed class Recording(AnswerTally tally) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var response = await base.SendAsync(request, cancellationToken);
            tally.Record(request, response.StatusCode, clock.Elapsed);
            return response;
        }
    }
}
