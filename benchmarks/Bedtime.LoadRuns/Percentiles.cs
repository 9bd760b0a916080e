namespace Bedtime.LoadRuns;

public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = percentile / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static string Summary(IReadOnlyList<double> millis) =>
        $"p50 {Of(millis, 50),7:0.0} ms   p95 {Of(millis, 95),7:0.0} ms   p99 {Of(millis, 99),7:0.0} ms   max {millis.Max(),7:0.0} ms   (n={millis.Count})";
}
