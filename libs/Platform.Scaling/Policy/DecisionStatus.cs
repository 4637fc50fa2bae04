using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The last decision as shown in status.</summary>
public sealed class DecisionStatus
{
    /// <summary>When the decision was made.</summary>
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; set; }

    /// <summary>Desired replicas after every rule.</summary>
    [JsonPropertyName("desiredReplicas")]
    public int DesiredReplicas { get; set; }

    /// <summary>The reactive proposal, if any metric was available.</summary>
    [JsonPropertyName("reactive")]
    public int? Reactive { get; set; }

    /// <summary>The predictive proposal, if prediction ran.</summary>
    [JsonPropertyName("predictive")]
    public int? Predictive { get; set; }

    /// <summary>The limit that changed the proposal (None, MinReplicas, MaxReplicas, ScaleUpRate, ...).</summary>
    [JsonPropertyName("limit")]
    public string Limit { get; set; } = "None";

    /// <summary>True when computed in preview mode and not applied.</summary>
    [JsonPropertyName("preview")]
    public bool Preview { get; set; }

    /// <summary>Human-readable reason.</summary>
    [JsonPropertyName("reason")]
    public string Reason { get; set; } = "";
}
