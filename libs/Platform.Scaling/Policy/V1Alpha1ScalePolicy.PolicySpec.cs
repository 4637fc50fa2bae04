using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

public sealed partial class V1Alpha1ScalePolicy
{
    /// <summary>The desired scaling behaviour of a ScalePolicy.</summary>
    public sealed class PolicySpec
    {
        /// <summary>The workload to scale. Required.</summary>
        [Required]
        [JsonPropertyName("targetRef")]
        public TargetReference TargetRef { get; set; } = new();

        /// <summary>Lower replica bound. 0 is allowed only with <c>scaleToZero</c> enabled. Default: 1.</summary>
        [Range(0, 10_000)]
        [DefaultValue(1)]
        [JsonPropertyName("minReplicas")]
        public int MinReplicas { get; set; } = 1;

        /// <summary>Upper replica bound; at least <c>minReplicas</c> and at least 1. Default: 10.</summary>
        [Range(1, 10_000)]
        [DefaultValue(10)]
        [JsonPropertyName("maxReplicas")]
        public int MaxReplicas { get; set; } = 10;

        /// <summary>Reactive, Predictive or Hybrid (max of both; the forecast never scales in alone). Default: Reactive.</summary>
        [DefaultValue(ScaleMode.Reactive)]
        [JsonPropertyName("mode")]
        public ScaleMode Mode { get; set; } = ScaleMode.Reactive;

        /// <summary>Preview (shadow) mode: decisions are computed and reported in status but not applied. Default: false.</summary>
        [DefaultValue(false)]
        [JsonPropertyName("preview")]
        public bool Preview { get; set; }

        /// <summary>How often the operator evaluates the policy, e.g. <c>2s</c>; between 100ms and 10m. Default: 15s (HPA's sync period).</summary>
        [DurationRange("100ms", "10m")]
        [DefaultValue("15s")]
        [JsonPropertyName("evaluationInterval")]
        public Duration EvaluationInterval { get; set; } = Duration.FromSeconds(15);

        /// <summary>Relative band around a target in which no change is proposed (HPA's tolerance). Between 0 and 1. Default: 0.1.</summary>
        [Range(0.0, 1.0)]
        [DefaultValue(0.1)]
        [JsonPropertyName("tolerance")]
        public double Tolerance { get; set; } = 0.1;

        /// <summary>The metrics to scale on; the largest proposal wins. At least one is required.</summary>
        [Required]
        [MinLength(1)]
        [JsonPropertyName("metrics")]
        public List<MetricSpec> Metrics { get; set; } = [];

        /// <summary>Forecast settings; required for Predictive and Hybrid modes. Default: none.</summary>
        [JsonPropertyName("prediction")]
        public PredictionSpec? Prediction { get; set; }

        /// <summary>Stabilization windows and rate policies per direction, exactly as HPA autoscaling/v2. Default: HPA's defaults.</summary>
        [JsonPropertyName("behavior")]
        public ScalingBehavior? Behavior { get; set; }

        /// <summary>Knative-style panic mode for bursts. Default: off.</summary>
        [JsonPropertyName("panic")]
        public PanicSpec? Panic { get; set; }

        /// <summary>KEDA-style scale to zero with an activation threshold. Default: off.</summary>
        [JsonPropertyName("scaleToZero")]
        public ScaleToZeroSpec? ScaleToZero { get; set; }

        /// <summary>Replicas to run after repeated metric failures, as KEDA's fallback. Default: off.</summary>
        [JsonPropertyName("fallback")]
        public FallbackSpec? Fallback { get; set; }
    }
}
