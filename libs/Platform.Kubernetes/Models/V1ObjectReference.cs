namespace Platform.Kubernetes.Models;

/// <summary>A reference to an object, as used by <see cref="EventsV1Event.Regarding"/>.</summary>
public sealed class V1ObjectReference
{
    /// <summary>The API version of the object.</summary>
    public string? ApiVersion { get; set; }

    /// <summary>The kind of the object.</summary>
    public string? Kind { get; set; }

    /// <summary>The namespace of the object.</summary>
    public string? Namespace { get; set; }

    /// <summary>The name of the object.</summary>
    public string? Name { get; set; }

    /// <summary>The uid of the object.</summary>
    public string? Uid { get; set; }

    /// <summary>The resource version of the object the event refers to.</summary>
    public string? ResourceVersion { get; set; }
}
