using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>KEDA-style fallback: after N consecutive evaluations where every metric failed, run a fixed replica count.</summary>
public sealed class FallbackSpec
{
    /// <summary>Consecutive failed evaluations before falling back. Between 1 and 1000. Default: 3.</summary>
    [Range(1, 1000)]
    [DefaultValue(3)]
    [JsonPropertyName("failureThreshold")]
    public int FailureThreshold { get; set; } = 3;

    /// <summary>Replicas to run while metrics fail (clamped to min/max). At least 0. Required.</summary>
    [Range(0, 10_000)]
    [JsonPropertyName("replicas")]
    public int Replicas { get; set; }
}
