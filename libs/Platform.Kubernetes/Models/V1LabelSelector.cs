namespace Platform.Kubernetes.Models;

/// <summary>A label selector (equality part only: <c>matchLabels</c>).</summary>
public sealed class V1LabelSelector
{
    /// <summary>Labels that must all match.</summary>
    public Dictionary<string, string>? MatchLabels { get; set; }
}
