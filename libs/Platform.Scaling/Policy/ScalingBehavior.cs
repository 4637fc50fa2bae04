using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Scale-up and scale-down rules, identical to HPA autoscaling/v2 <c>HorizontalPodAutoscalerBehavior</c>.</summary>
public sealed class ScalingBehavior
{
    /// <summary>Rules for scaling up. Default: window 0s, max of 100% and 4 pods per 15s.</summary>
    [JsonPropertyName("scaleUp")]
    public ScalingRules? ScaleUp { get; set; }

    /// <summary>Rules for scaling down. Default: window 300s, 100% per 15s.</summary>
    [JsonPropertyName("scaleDown")]
    public ScalingRules? ScaleDown { get; set; }
}
