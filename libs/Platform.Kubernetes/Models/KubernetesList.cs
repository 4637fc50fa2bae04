namespace Platform.Kubernetes.Models;

/// <summary>A list response: <c>{"kind":"XList","metadata":{...},"items":[...]}</c>.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class KubernetesList<T>
{
    /// <summary>The API version.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The list kind, e.g. <c>DeploymentList</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>List metadata: resource version and continue token.</summary>
    public ListMeta Metadata { get; set; } = new();

    /// <summary>The items of this page.</summary>
    public List<T> Items { get; set; } = [];
}
