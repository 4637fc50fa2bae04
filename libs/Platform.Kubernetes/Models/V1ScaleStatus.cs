namespace Platform.Kubernetes.Models;

/// <summary>The observed scale.</summary>
public sealed class V1ScaleStatus
{
    /// <summary>The actual number of replicas.</summary>
    public int Replicas { get; set; }

    /// <summary>The label selector of the pods, in string form (<c>app=worker</c>).</summary>
    public string? Selector { get; set; }
}
