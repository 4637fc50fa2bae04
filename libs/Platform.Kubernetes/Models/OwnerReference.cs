namespace Platform.Kubernetes.Models;

/// <summary>A reference to an owning object (<c>metadata.ownerReferences[]</c>).</summary>
public sealed class OwnerReference
{
    /// <summary>The owner's API version.</summary>
    public required string ApiVersion { get; set; }

    /// <summary>The owner's kind.</summary>
    public required string Kind { get; set; }

    /// <summary>The owner's name.</summary>
    public required string Name { get; set; }

    /// <summary>The owner's uid.</summary>
    public required string Uid { get; set; }

    /// <summary>Whether the owner is the managing controller.</summary>
    public bool? Controller { get; set; }

    /// <summary>Whether deletion of the owner waits for this object in foreground deletion.</summary>
    public bool? BlockOwnerDeletion { get; set; }
}
