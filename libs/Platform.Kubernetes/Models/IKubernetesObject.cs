namespace Platform.Kubernetes.Models;

/// <summary>
/// A Kubernetes object: anything with <c>apiVersion</c>, <c>kind</c> and <c>metadata</c>. Custom resources
/// implement this (or derive from <see cref="KubernetesObject{TSpec, TStatus}"/>) to plug into the client and the informer.
/// </summary>
public interface IKubernetesObject
{
    /// <summary>The API version, e.g. <c>apps/v1</c>.</summary>
    string? ApiVersion { get; set; }

    /// <summary>The kind, e.g. <c>Deployment</c>.</summary>
    string? Kind { get; set; }

    /// <summary>Standard object metadata.</summary>
    ObjectMeta Metadata { get; set; }
}
