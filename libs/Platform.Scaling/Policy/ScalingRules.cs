using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Rules for one scaling direction, identical to HPA's <c>HPAScalingRules</c>.</summary>
public sealed class ScalingRules
{
    /// <summary>
    /// Seconds of past recommendations to consider: scaling up uses the lowest, scaling down the highest.
    /// Between 0 and 3600. Default: 0 for scale-up, 300 for scale-down.
    /// </summary>
    [Range(0, 3600)]
    [JsonPropertyName("stabilizationWindowSeconds")]
    public int? StabilizationWindowSeconds { get; set; }

    /// <summary>Max, Min or Disabled. Default: Max.</summary>
    [JsonPropertyName("selectPolicy")]
    public SelectPolicy? SelectPolicy { get; set; }

    /// <summary>Rate policies. Default: scale-up Percent 100 and Pods 4 per 15s; scale-down Percent 100 per 15s.</summary>
    [JsonPropertyName("policies")]
    public List<ScalingPolicy>? Policies { get; set; }
}
