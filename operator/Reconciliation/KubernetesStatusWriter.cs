using Platform.Kubernetes;
using Platform.Operator.Kubernetes;
using Platform.Scaling.Policy;

namespace Platform.Operator.Reconciliation;

/// <summary>Cluster mode: merge-patches the ScalePolicy's status subresource and creates events.k8s.io/v1 Events.</summary>
internal sealed class KubernetesStatusWriter(KubernetesClient client, OperatorIdentity identity) : IPolicyStatusWriter
{
    /// <summary>The reporting controller named in events.</summary>
    public const string ReportingController = "autoscaling.llmplatform.dev/scalepolicy-operator";

    public async Task WriteStatusAsync(V1Alpha1ScalePolicy policy, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        await client.PatchStatusAsync<ScalePolicyResource>(
            ScalePolicyResource.Descriptor,
            policy.Metadata.Namespace,
            policy.Metadata.Name!,
            KubernetesPatch.Merge(new { status }),
            cancellationToken);
    }

    public async Task RecordEventAsync(V1Alpha1ScalePolicy policy, PolicyEvent policyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(policyEvent);
        await client.CreateEventAsync(ScalePolicyResource.Reference(policy), new KubernetesEventDetails
        {
            Type = policyEvent.Type,
            Reason = policyEvent.Reason,
            Action = policyEvent.Action,
            Note = policyEvent.Note,
            ReportingController = ReportingController,
            ReportingInstance = identity.Name,
        }, cancellationToken);
    }
}
