using Platform.Kubernetes.Models;

namespace Platform.Kubernetes.Runtime;

/// <summary>The <c>namespace/name</c> keys informers cache by and controllers queue (client-go's <c>MetaNamespaceKeyFunc</c>).</summary>
public static class CacheKey
{
    /// <summary>The key of an object: <c>namespace/name</c>, or <c>name</c> for cluster-scoped objects.</summary>
    /// <param name="value">The object.</param>
    /// <returns>The key.</returns>
    public static string For(IKubernetesObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return For(value.Metadata.Namespace, value.Metadata.Name ?? string.Empty);
    }

    /// <summary>The key of a namespace and name.</summary>
    /// <param name="namespaceName">The namespace; null or empty for cluster-scoped objects.</param>
    /// <param name="name">The name.</param>
    /// <returns>The key.</returns>
    public static string For(string? namespaceName, string name) =>
        string.IsNullOrEmpty(namespaceName) ? name : $"{namespaceName}/{name}";

    /// <summary>Splits a key into namespace (null for cluster-scoped) and name.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The namespace and name.</returns>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
