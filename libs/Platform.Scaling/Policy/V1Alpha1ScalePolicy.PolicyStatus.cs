using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

public sealed partial class V1Alpha1ScalePolicy
{
    /// <summary>The observed state of a ScalePolicy, written by the operator.</summary>
    public sealed class PolicyStatus
    {
        /// <summary>Replicas of the target at the last evaluation.</summary>
        [JsonPropertyName("currentReplicas")]
        public int CurrentReplicas { get; set; }

        /// <summary>Replicas the last decision asked for.</summary>
        [JsonPropertyName("desiredReplicas")]
        public int DesiredReplicas { get; set; }

        /// <summary>When the target was last scaled.</summary>
        [JsonPropertyName("lastScaleTime")]
        public DateTimeOffset? LastScaleTime { get; set; }

        /// <summary>The <c>metadata.generation</c> this status reflects.</summary>
        [JsonPropertyName("observedGeneration")]
        public long? ObservedGeneration { get; set; }

        /// <summary>The last decision, with its proposals, limit and reason.</summary>
        [JsonPropertyName("lastDecision")]
        public DecisionStatus? LastDecision { get; set; }

        /// <summary>The last arrival-rate forecast, when prediction is configured.</summary>
        [JsonPropertyName("forecast")]
        public ForecastStatus? Forecast { get; set; }

        /// <summary>Ready, AbleToScale, ScalingActive, ScalingLimited and MetricsAvailable.</summary>
        [JsonPropertyName("conditions")]
        public List<ScalePolicyCondition> Conditions { get; set; } = [];
    }
}
