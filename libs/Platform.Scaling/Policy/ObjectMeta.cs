using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The subset of Kubernetes <c>metav1.ObjectMeta</c> a ScalePolicy carries.</summary>
public sealed class ObjectMeta
{
    /// <summary>Name of the resource, unique in its namespace.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>Namespace of the resource. Default: the operator's namespace (local mode: <c>default</c>).</summary>
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    /// <summary>Generation of the spec, incremented by the API server on every spec change.</summary>
    [JsonPropertyName("generation")]
    public long? Generation { get; set; }

    /// <summary>Opaque version for optimistic concurrency.</summary>
    [JsonPropertyName("resourceVersion")]
    public string? ResourceVersion { get; set; }

    /// <summary>Unique id assigned by the API server.</summary>
    [JsonPropertyName("uid")]
    public string? Uid { get; set; }

    /// <summary>Labels.</summary>
    [JsonPropertyName("labels")]
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations.</summary>
    [JsonPropertyName("annotations")]
    public Dictionary<string, string>? Annotations { get; set; }
}
