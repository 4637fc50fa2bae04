using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>KEDA-style scale to zero: idle below the activation threshold for the cooldown period → 0 replicas.</summary>
public sealed class ScaleToZeroSpec
{
    /// <summary>Allow scaling to zero (then <c>minReplicas</c> applies only while active). Default: false.</summary>
    [DefaultValue(false)]
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary>
    /// The workload is active while any metric is above this value (KEDA's activationThreshold); at 0 replicas it is
    /// woken to <c>minReplicas</c> (at least 1) as soon as a metric exceeds it. At least 0. Default: 0.
    /// </summary>
    [Range(0.0, double.MaxValue)]
    [DefaultValue(0.0)]
    [JsonPropertyName("activationThreshold")]
    public double ActivationThreshold { get; set; }

    /// <summary>How long every metric must stay at or below the threshold before scaling to zero. Between 0s and 24h. Default: 300s (KEDA's cooldownPeriod).</summary>
    [DurationRange("0s", "24h")]
    [DefaultValue("300s")]
    [JsonPropertyName("cooldownPeriod")]
    public Duration CooldownPeriod { get; set; } = Duration.FromSeconds(300);
}
