namespace Platform.Kubernetes.Models;

/// <summary>
/// Base class for objects with a spec and a status, the usual shape of custom resources
/// (like KubeOps' <c>CustomKubernetesEntity&lt;TSpec, TStatus&gt;</c>).
/// </summary>
/// <typeparam name="TSpec">The desired state.</typeparam>
/// <typeparam name="TStatus">The observed state.</typeparam>
public abstract class KubernetesObject<TSpec, TStatus> : IKubernetesObject
    where TSpec : class, new()
    where TStatus : class
{
    /// <inheritdoc />
    public string? ApiVersion { get; set; }

    /// <inheritdoc />
    public string? Kind { get; set; }

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>The desired state.</summary>
    public TSpec Spec { get; set; } = new();

    /// <summary>The observed state; written through the status subresource.</summary>
    public TStatus? Status { get; set; }
}
