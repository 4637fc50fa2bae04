using Platform.Scaling.Policy;

namespace Platform.Operator.Reconciliation;

/// <summary>Where a policy's status and events go: the Kubernetes API (cluster mode) or the log (local mode).</summary>
internal interface IPolicyStatusWriter
{
    /// <summary>Writes the policy's status (the status subresource in cluster mode).</summary>
    Task WriteStatusAsync(V1Alpha1ScalePolicy policy, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken);

    /// <summary>Records an event about the policy.</summary>
    Task RecordEventAsync(V1Alpha1ScalePolicy policy, PolicyEvent policyEvent, CancellationToken cancellationToken);
}
