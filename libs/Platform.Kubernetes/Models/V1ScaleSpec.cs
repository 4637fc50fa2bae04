namespace Platform.Kubernetes.Models;

/// <summary>The desired scale.</summary>
public sealed class V1ScaleSpec
{
    /// <summary>The desired number of replicas.</summary>
    public int? Replicas { get; set; }
}
