namespace Platform.Kubernetes.Models;

/// <summary>Standard object metadata (<c>metadata</c>).</summary>
public sealed class ObjectMeta
{
    /// <summary>The object's name, unique within its namespace.</summary>
    public string? Name { get; set; }

    /// <summary>A prefix the server uses to generate a unique name when <see cref="Name"/> is empty.</summary>
    public string? GenerateName { get; set; }

    /// <summary>The namespace; empty for cluster-scoped objects.</summary>
    public string? Namespace { get; set; }

    /// <summary>The server-assigned unique id.</summary>
    public string? Uid { get; set; }

    /// <summary>The opaque version the server bumps on every write; used for optimistic concurrency.</summary>
    public string? ResourceVersion { get; set; }

    /// <summary>A sequence number of changes to the desired state (spec), set by the server.</summary>
    public long? Generation { get; set; }

    /// <summary>Labels, used by selectors.</summary>
    public Dictionary<string, string>? Labels { get; set; }

    /// <summary>Annotations: non-identifying metadata.</summary>
    public Dictionary<string, string>? Annotations { get; set; }

    /// <summary>When the object was created (server time).</summary>
    public DateTimeOffset? CreationTimestamp { get; set; }

    /// <summary>When graceful deletion was requested, if it was.</summary>
    public DateTimeOffset? DeletionTimestamp { get; set; }

    /// <summary>Objects that own this one (garbage collection).</summary>
    public List<OwnerReference>? OwnerReferences { get; set; }

    /// <summary>Finalizers that must be removed before the object is deleted.</summary>
    public List<string>? Finalizers { get; set; }
}
