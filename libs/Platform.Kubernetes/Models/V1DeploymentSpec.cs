namespace Platform.Kubernetes.Models;

/// <summary>The desired state of a Deployment (subset).</summary>
public sealed class V1DeploymentSpec
{
    /// <summary>The desired number of pods.</summary>
    public int? Replicas { get; set; }

    /// <summary>The label selector of the pods.</summary>
    public V1LabelSelector? Selector { get; set; }
}
