using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// One metric a policy scales on. Per-replica targets (<c>targetPerReplica</c>) give HPA's AverageValue
/// semantics, <c>ceil(total / targetPerReplica)</c>; <c>target</c> gives Value semantics,
/// <c>ceil(current × value / target)</c>.
/// </summary>
public sealed class MetricSpec
{
    /// <summary>QueueBacklog, ArrivalRate, Otlp or Prometheus. Required.</summary>
    [Required]
    [JsonPropertyName("type")]
    public MetricType Type { get; set; }

    /// <summary>The Redis stream and consumer group; required for QueueBacklog.</summary>
    [JsonPropertyName("queue")]
    public QueueSource? Queue { get; set; }

    /// <summary>The OTLP metric; required for Otlp.</summary>
    [JsonPropertyName("otlp")]
    public OtlpSource? Otlp { get; set; }

    /// <summary>The Prometheus query; required for Prometheus.</summary>
    [JsonPropertyName("prometheus")]
    public PrometheusSource? Prometheus { get; set; }

    /// <summary>
    /// Target value per replica (HPA AverageValue): backlog entries per replica for QueueBacklog, requests per
    /// second per replica for ArrivalRate. Must be &gt; 0. Default: none (QueueBacklog requires it or targetWait).
    /// </summary>
    [JsonPropertyName("targetPerReplica")]
    public Quantity? TargetPerReplica { get; set; }

    /// <summary>Target for the whole metric (HPA Value), e.g. <c>20s</c> for a latency or <c>100</c>. Must be &gt; 0. Default: none.</summary>
    [JsonPropertyName("target")]
    public Quantity? Target { get; set; }

    /// <summary>
    /// Queue-aware capacity (QueueBacklog and ArrivalRate): size replicas so that the backlog beyond what is in
    /// service clears within this wait while keeping up with arrivals, from the measured per-replica service rate
    /// (Little's law). Between 100ms and 1h. Default: none (plain per-replica target).
    /// </summary>
    [DurationRange("100ms", "1h")]
    [JsonPropertyName("targetWait")]
    public Duration? TargetWait { get; set; }
}
