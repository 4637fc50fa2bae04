namespace Platform.Kubernetes.Models;

/// <summary>A coordination.k8s.io/v1 Lease, used for leader election.</summary>
public sealed class V1Lease : IKubernetesObject
{
    /// <inheritdoc />
    public string? ApiVersion { get; set; } = "coordination.k8s.io/v1";

    /// <inheritdoc />
    public string? Kind { get; set; } = "Lease";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The lease record.</summary>
    public V1LeaseSpec Spec { get; set; } = new();
}
