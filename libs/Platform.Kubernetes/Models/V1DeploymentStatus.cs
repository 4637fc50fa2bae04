namespace Platform.Kubernetes.Models;

/// <summary>The observed state of a Deployment (subset).</summary>
public sealed class V1DeploymentStatus
{
    /// <summary>The generation the deployment controller last acted on.</summary>
    public long? ObservedGeneration { get; set; }

    /// <summary>Total pods targeted by the deployment.</summary>
    public int? Replicas { get; set; }

    /// <summary>Pods that pass their readiness probe.</summary>
    public int? ReadyReplicas { get; set; }

    /// <summary>Pods that have been ready for at least minReadySeconds.</summary>
    public int? AvailableReplicas { get; set; }
}
