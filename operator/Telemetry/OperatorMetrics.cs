using System.Diagnostics.Metrics;
using Platform.Operator.History;

namespace Platform.Operator.Telemetry;

/// <summary>
/// The operator's metrics (meter <c>Platform.Operator</c>), the names the chart's alerts and Grafana dashboard read
/// (charts/llm-platform/files/alerts.rules.yaml, docs/alerting.md): a counter of reconciliations by
/// <c>outcome</c> (<c>success</c>|<c>error</c>), <c>namespace</c> and <c>scalepolicy</c>, and observable gauges of each
/// policy's desired, current, minimum and maximum replicas by <c>namespace</c> and <c>scalepolicy</c>, read from
/// the policies this instance reconciles (in cluster mode only the leader reports gauges).
/// </summary>
internal sealed class OperatorMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Platform.Operator";

    private readonly Counter<long> _reconciliations;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public OperatorMetrics(IMeterFactory meterFactory, PolicyHistoryStore history)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(history);
        var meter = meterFactory.Create(MeterName);
        _reconciliations = meter.CreateCounter<long>(
            "platform.operator.reconciliations", "{reconciliation}", "ScalePolicy evaluations, by outcome (success: decided and, when needed, scaled; error: invalid policy, unreadable target or failed scale).");
        meter.CreateObservableGauge(
            "platform.scalepolicy.desired_replicas", () => Observe(history, v => v.Status!.DesiredReplicas), "{replica}", "The replicas the policy's last decision wants.");
        meter.CreateObservableGauge(
            "platform.scalepolicy.current_replicas", () => Observe(history, v => v.Status!.CurrentReplicas), "{replica}", "The target's replicas at the last evaluation.");
        meter.CreateObservableGauge(
            "platform.scalepolicy.min_replicas", () => Observe(history, v => v.Spec!.MinReplicas), "{replica}", "The policy's spec.minReplicas.");
        meter.CreateObservableGauge(
            "platform.scalepolicy.max_replicas", () => Observe(history, v => v.Spec!.MaxReplicas), "{replica}", "The policy's spec.maxReplicas.");
    }

    /// <summary>Counts one reconciliation of <paramref name="namespaceName"/>/<paramref name="name"/>.</summary>
    public void RecordReconciliation(string namespaceName, string name, bool success) =>
        _reconciliations.Add(1,
            new KeyValuePair<string, object?>("outcome", success ? "success" : "error"),
            new KeyValuePair<string, object?>("namespace", namespaceName),
            new KeyValuePair<string, object?>("scalepolicy", name));

    private static List<Measurement<int>> Observe(PolicyHistoryStore history, Func<PolicyView, int> value) =>
        history.Snapshot()
            .Where(v => v.Spec is not null && v.Status is not null)
            .Select(v => new Measurement<int>(value(v),
                new KeyValuePair<string, object?>("namespace", v.Namespace),
                new KeyValuePair<string, object?>("scalepolicy", v.Name)))
            .ToList();
}
