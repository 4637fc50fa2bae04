namespace Platform.Kubernetes.Models;

/// <summary>An apps/v1 Deployment, with the fields the operator reads (replicas, selector, status counts).</summary>
public sealed class V1Deployment : KubernetesObject<V1DeploymentSpec, V1DeploymentStatus>
{
    /// <summary>Creates a deployment with <c>apiVersion</c> and <c>kind</c> set.</summary>
    public V1Deployment()
    {
        ApiVersion = "apps/v1";
        Kind = "Deployment";
    }
}
