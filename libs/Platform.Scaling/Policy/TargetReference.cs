using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The workload to scale, like HPA's <c>scaleTargetRef</c>; it must expose the scale subresource.</summary>
public sealed class TargetReference
{
    /// <summary>API version of the target. Default: <c>apps/v1</c>.</summary>
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "apps/v1";

    /// <summary>Kind of the target. Default: <c>Deployment</c>.</summary>
    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "Deployment";

    /// <summary>Name of the target in the policy's namespace. Required.</summary>
    [Required]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}
