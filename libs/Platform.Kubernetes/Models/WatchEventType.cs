namespace Platform.Kubernetes.Models;

/// <summary>The type of a watch event.</summary>
public enum WatchEventType
{
    /// <summary>An object was added (or is part of the initial state).</summary>
    Added,

    /// <summary>An object was changed.</summary>
    Modified,

    /// <summary>An object was deleted; the event carries its last state.</summary>
    Deleted,

    /// <summary>No change; the object carries only the resource version the watch has reached.</summary>
    Bookmark,

    /// <summary>The server reports an error; the object is a <see cref="V1Status"/>.</summary>
    Error,
}
