namespace Platform.Kubernetes.Runtime;

/// <summary>
/// Callbacks of an informer (client-go's <c>ResourceEventHandlerFuncs</c>). They run on the informer's loop:
/// keep them quick, typically enqueue a key on a <see cref="RateLimitingWorkQueue{TKey}"/>.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class ResourceEventCallbacks<T>
{
    /// <summary>An object appeared (initial list or ADDED).</summary>
    public Action<T>? OnAdd { get; init; }

    /// <summary>An object changed (old, new); on resync, both are the cached object.</summary>
    public Action<T, T>? OnUpdate { get; init; }

    /// <summary>An object disappeared (its last known state).</summary>
    public Action<T>? OnDelete { get; init; }
}
