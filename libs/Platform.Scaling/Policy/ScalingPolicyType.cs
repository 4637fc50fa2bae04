using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The unit of an HPA scaling policy.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScalingPolicyType>))]
public enum ScalingPolicyType
{
    /// <summary>An absolute number of pods per period.</summary>
    Pods,

    /// <summary>A percentage of the replicas at the start of the period.</summary>
    Percent,
}
