using System.Text.Json.Serialization;
using Platform.Scaling.Policy;

namespace Platform.Operator.History;

/// <summary>One policy as <c>GET /api/policies</c> shows it.</summary>
internal sealed record PolicyView
{
    /// <summary>The policy's namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>The policy's name.</summary>
    public required string Name { get; init; }

    /// <summary>A summary of the spec.</summary>
    public PolicySummary? Spec { get; init; }

    /// <summary>The latest status (as written to the status subresource in cluster mode).</summary>
    public V1Alpha1ScalePolicy.PolicyStatus? Status { get; init; }

    /// <summary>Validation problems; empty when the policy is valid.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>The latest forecast, if prediction runs.</summary>
    public ForecastStatus? Forecast { get; init; }

    /// <summary>Recent decisions, oldest first.</summary>
    public required IReadOnlyList<DecisionRecord> Decisions { get; init; }

    /// <summary>Recent metric samples, oldest first.</summary>
    public required IReadOnlyList<SampleRecord> Samples { get; init; }

    /// <summary>Recent events, oldest first.</summary>
    public required IReadOnlyList<EventRecord> Events { get; init; }

    /// <summary>The policy as last reconciled (for the dashboard's queue lookups; not serialized).</summary>
    [JsonIgnore]
    public V1Alpha1ScalePolicy? Policy { get; init; }
}

/// <summary>The spec at a glance.</summary>
internal sealed record PolicySummary(string Target, string Mode, int MinReplicas, int MaxReplicas, bool Preview, string EvaluationInterval, IReadOnlyList<string> Metrics);

/// <summary>One decision.</summary>
internal sealed record DecisionRecord(DateTimeOffset Time, int CurrentReplicas, int DesiredReplicas, int? Reactive, int? Predictive, string Limit, bool Preview, bool Applied, string Reason);

/// <summary>One metric sample; a null value is a failed read.</summary>
internal sealed record SampleRecord(DateTimeOffset Time, int Metric, string Type, double? Value, string? Error);

/// <summary>One event.</summary>
internal sealed record EventRecord(DateTimeOffset Time, string Type, string Reason, string Note);
