using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// The <c>ScalePolicy</c> custom resource (<c>autoscaling.llmplatform.dev/v1alpha1</c>): how the operator scales
/// one workload, reactively from live metrics, predictively from a forecast, or both.
/// </summary>
public sealed partial class V1Alpha1ScalePolicy
{
    /// <summary>The API group of the resource.</summary>
    public const string Group = "autoscaling.llmplatform.dev";

    /// <summary>The API version of this type.</summary>
    public const string Version = "v1alpha1";

    /// <summary>The kind of this type.</summary>
    public const string KindName = "ScalePolicy";

    /// <summary>The plural resource name.</summary>
    public const string Plural = "scalepolicies";

    /// <summary>Always <c>autoscaling.llmplatform.dev/v1alpha1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = Group + "/" + Version;

    /// <summary>Always <c>ScalePolicy</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")]
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired scaling behaviour.</summary>
    [Required]
    [JsonPropertyName("spec")]
    public PolicySpec Spec { get; set; } = new();

    /// <summary>The observed state, written by the operator.</summary>
    [JsonPropertyName("status")]
    public PolicyStatus? Status { get; set; }
}
