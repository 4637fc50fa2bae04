namespace Platform.Kubernetes.Models;

/// <summary>The autoscaling/v1 <c>Scale</c> object of a <c>/scale</c> subresource.</summary>
public sealed class V1Scale : KubernetesObject<V1ScaleSpec, V1ScaleStatus>
{
    /// <summary>Creates a scale with <c>apiVersion</c> and <c>kind</c> set.</summary>
    public V1Scale()
    {
        ApiVersion = "autoscaling/v1";
        Kind = "Scale";
    }
}
