using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>One rate limit: at most <c>value</c> pods or percent of change over <c>periodSeconds</c> (HPA's <c>HPAScalingPolicy</c>).</summary>
public sealed class ScalingPolicy
{
    /// <summary>Pods or Percent. Required.</summary>
    [Required]
    [JsonPropertyName("type")]
    public ScalingPolicyType Type { get; set; }

    /// <summary>Amount of change allowed; must be &gt; 0. Required.</summary>
    [Range(1, int.MaxValue)]
    [JsonPropertyName("value")]
    public int Value { get; set; }

    /// <summary>Window the change is measured over, between 1 and 1800 seconds. Required.</summary>
    [Range(1, 1800)]
    [JsonPropertyName("periodSeconds")]
    public int PeriodSeconds { get; set; }
}
