using Platform.Scaling.Policy;

namespace Platform.Operator.Metrics;

/// <summary>
/// Reads one kind of metric for a ScalePolicy (KEDA's scaler shape: one implementation per source). A read that
/// cannot produce a value throws; the reconciler records it as a failed sample, which counts towards the policy's
/// fallback rule and pauses scale-down.
/// </summary>
internal interface IMetricSource
{
    /// <summary>Whether this source reads metrics of <paramref name="type"/>.</summary>
    bool Supports(MetricType type);

    /// <summary>Reads the metric's current value.</summary>
    /// <param name="metric">The metric entry of the policy's spec.</param>
    /// <param name="cancellationToken">Cancels the read (the reconciler applies a timeout).</param>
    /// <returns>The value and, where the source knows them, queue facts for queue-aware capacity and prediction.</returns>
    /// <exception cref="MetricUnavailableException">The metric could not be read; the message says why.</exception>
    Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken);
}
