using Platform.Kubernetes;
using Platform.Kubernetes.Models;
using Platform.Scaling.Policy;

namespace Platform.Operator.Scaling;

/// <summary>
/// Cluster mode: reads the target workload (apps/v1 Deployment, StatefulSet or ReplicaSet) for its desired and ready
/// replicas and patches its <c>scale</c> subresource, as HPA does.
/// </summary>
internal sealed class DeploymentScaleTarget(KubernetesClient client) : IScaleTarget
{
    public async Task<TargetScale> GetAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (resource, name) = Resolve(policy);
        try
        {
            var workload = await client.GetAsync<V1Deployment>(resource, policy.Metadata.Namespace, name, cancellationToken);
            var replicas = workload.Spec.Replicas ?? 1;

            // Kubernetes omits readyReplicas when it is 0; before the controller has reported at all it is unknown.
            int? ready = workload.Status?.ObservedGeneration is null ? null : workload.Status.ReadyReplicas ?? 0;
            return new TargetScale(replicas, ready);
        }
        catch (KubernetesException ex)
        {
            throw new ScaleTargetException($"reading {policy.Spec.TargetRef.Kind} {name} failed: {(int)ex.StatusCode} {ex.Reason} {ex.Status.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ScaleTargetException($"reading {policy.Spec.TargetRef.Kind} {name} failed: {ex.Message}", ex);
        }
    }

    public async Task ScaleAsync(V1Alpha1ScalePolicy policy, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var (resource, name) = Resolve(policy);
        try
        {
            await client.PatchScaleAsync(resource, policy.Metadata.Namespace, name, replicas, cancellationToken);
        }
        catch (KubernetesException ex)
        {
            throw new ScaleTargetException($"scaling {policy.Spec.TargetRef.Kind} {name} to {replicas} failed: {(int)ex.StatusCode} {ex.Reason} {ex.Status.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ScaleTargetException($"scaling {policy.Spec.TargetRef.Kind} {name} to {replicas} failed: {ex.Message}", ex);
        }
    }

    /// <summary>The resource of a targetRef: group/version from apiVersion, plural from kind.</summary>
    internal static (ResourceDescriptor Resource, string Name) Resolve(V1Alpha1ScalePolicy policy)
    {
        var target = policy.Spec.TargetRef;
        var slash = target.ApiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : target.ApiVersion[..slash];
        var version = slash < 0 ? target.ApiVersion : target.ApiVersion[(slash + 1)..];
        var plural = target.Kind switch
        {
            "Deployment" => "deployments",
            "StatefulSet" => "statefulsets",
            "ReplicaSet" => "replicasets",
            _ => throw new ScaleTargetException($"targetRef.kind {target.Kind} is not supported (Deployment, StatefulSet or ReplicaSet)"),
        };
        return (new ResourceDescriptor(group, version, plural, Namespaced: true), target.Name);
    }
}
