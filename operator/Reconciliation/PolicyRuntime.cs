using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Operator.Reconciliation;

/// <summary>What the reconciler keeps in memory per policy between evaluations. Used by one reconcile at a time.</summary>
internal sealed class PolicyRuntime
{
    /// <summary>The scaling core's state (recommendations, scale events, failures, forecaster).</summary>
    public ScalingState State { get; set; } = ScalingState.Empty;

    /// <summary>The spec generation the windows belong to.</summary>
    public long? Generation { get; set; } = long.MinValue;

    /// <summary>One window of samples per metric, oldest first.</summary>
    public List<List<MetricSample>> Windows { get; } = [];

    /// <summary>Arrival-rate samples, oldest first.</summary>
    public List<MetricSample> ArrivalRates { get; } = [];

    /// <summary>Indexes of metrics whose last read failed (a Warning event is sent when one starts failing).</summary>
    public HashSet<int> FailingMetrics { get; } = [];

    /// <summary>The status last computed.</summary>
    public V1Alpha1ScalePolicy.PolicyStatus? Status { get; set; }

    /// <summary>The status last written successfully, without its volatile parts.</summary>
    public string? WrittenFingerprint { get; set; }

    /// <summary>Whether the InvalidPolicy event was sent for this generation.</summary>
    public bool InvalidReported { get; set; }

    /// <summary>Whether reading the target is failing (a Warning event is sent when it starts).</summary>
    public bool TargetFailing { get; set; }

    /// <summary>Whether scaling the target is failing (a Warning event is sent when it starts).</summary>
    public bool ScaleFailing { get; set; }

    /// <summary>Starts empty windows for <paramref name="count"/> metrics and clears per-metric failure counts.</summary>
    public void ResetWindows(int count)
    {
        Windows.Clear();
        for (var i = 0; i < count; i++)
        {
            Windows.Add([]);
        }

        ArrivalRates.Clear();
        FailingMetrics.Clear();
        State = State with { ConsecutiveFailures = [] };
    }

    /// <summary>Appends a sample to metric <paramref name="index"/>'s window and drops samples older than <paramref name="oldest"/>.</summary>
    public void Add(int index, MetricSample sample, DateTimeOffset oldest)
    {
        var window = Windows[index];
        window.Add(sample);
        Trim(window, oldest);
    }

    /// <summary>Appends an arrival-rate sample.</summary>
    public void AddArrival(MetricSample sample, DateTimeOffset oldest)
    {
        ArrivalRates.Add(sample);
        Trim(ArrivalRates, oldest);
    }

    private static void Trim(List<MetricSample> window, DateTimeOffset oldest)
    {
        // Bounded in time and in count (10 000 samples is 100 minutes at the smallest interval).
        var drop = 0;
        while (drop < window.Count - 1 && (window[drop].Timestamp < oldest || window.Count - drop > 10_000))
        {
            drop++;
        }

        window.RemoveRange(0, drop);
    }
}
