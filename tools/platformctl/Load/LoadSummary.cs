using System.Globalization;

namespace Platform.Cli.Load;

/// <summary>The closing summary of a replay: counts, errors by status and latency percentiles of successful requests.</summary>
internal sealed record LoadSummary
{
    public required int Planned { get; init; }

    public required int Sent { get; init; }

    public required int Succeeded { get; init; }

    /// <summary>Failed requests by HTTP status (<c>503</c>) or failure (<c>timeout</c>, <c>connection error</c>, <c>cancelled</c>).</summary>
    public required IReadOnlyDictionary<string, int> Errors { get; init; }

    /// <summary>Latency percentiles of successful requests; null when none succeeded.</summary>
    public required TimeSpan? P50 { get; init; }

    public required TimeSpan? P95 { get; init; }

    public required TimeSpan? P99 { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public int Failed => Sent - Succeeded;

    public static LoadSummary From(int planned, IReadOnlyList<RequestOutcome> outcomes, TimeSpan elapsed)
    {
        var latencies = outcomes.Where(o => o.Succeeded).Select(o => o.Latency).Order().ToArray();
        var errors = outcomes.Where(o => !o.Succeeded)
            .GroupBy(o => o.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? o.Failure ?? "error", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new LoadSummary
        {
            Planned = planned,
            Sent = outcomes.Count,
            Succeeded = latencies.Length,
            Errors = new SortedDictionary<string, int>(errors, StringComparer.Ordinal),
            P50 = Percentile(latencies, 0.50),
            P95 = Percentile(latencies, 0.95),
            P99 = Percentile(latencies, 0.99),
            Elapsed = elapsed,
        };
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static TimeSpan? Percentile(IReadOnlyList<TimeSpan> sorted, double quantile)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
