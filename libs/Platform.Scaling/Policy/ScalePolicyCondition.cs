using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>A status condition in the Kubernetes <c>metav1.Condition</c> shape.</summary>
public sealed class ScalePolicyCondition
{
    /// <summary>Ready.</summary>
    public const string Ready = "Ready";

    /// <summary>AbleToScale.</summary>
    public const string AbleToScale = "AbleToScale";

    /// <summary>ScalingActive.</summary>
    public const string ScalingActive = "ScalingActive";

    /// <summary>ScalingLimited.</summary>
    public const string ScalingLimited = "ScalingLimited";

    /// <summary>MetricsAvailable.</summary>
    public const string MetricsAvailable = "MetricsAvailable";

    /// <summary>Condition type (Ready, AbleToScale, ScalingActive, ScalingLimited, MetricsAvailable).</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "";

    /// <summary>"True", "False" or "Unknown".</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = "Unknown";

    /// <summary>CamelCase machine-readable reason.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";

    /// <summary>Human-readable message.</summary>
    [JsonPropertyName("message")]
    public string Message { get; set; } = "";

    /// <summary>When the status last changed.</summary>
    [JsonPropertyName("lastTransitionTime")]
    public DateTimeOffset LastTransitionTime { get; set; }

    /// <summary>The generation the condition was set for.</summary>
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }
}
