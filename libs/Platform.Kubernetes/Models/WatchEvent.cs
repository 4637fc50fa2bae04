using System.Diagnostics.CodeAnalysis;

namespace Platform.Kubernetes.Models;

/// <summary>One event of a watch stream.</summary>
/// <typeparam name="T">The watched object type.</typeparam>
/// <param name="Type">The event type.</param>
/// <param name="Object">The object (for bookmarks, only its metadata.resourceVersion is set).</param>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Mirrors the wire format's 'object' field.")]
public sealed record WatchEvent<T>(WatchEventType Type, T Object);
