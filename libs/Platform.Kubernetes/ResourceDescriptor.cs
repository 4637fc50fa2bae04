namespace Platform.Kubernetes;

/// <summary>
/// Where a resource lives in the API: group, version, plural and scope. Custom resources need only one of these
/// and a class with <c>Metadata</c>/<c>Spec</c>/<c>Status</c>.
/// </summary>
/// <param name="Group">The API group; empty for the core group (<c>/api/v1</c>).</param>
/// <param name="Version">The version, e.g. <c>v1</c>.</param>
/// <param name="Plural">The plural resource name, e.g. <c>deployments</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
public sealed record ResourceDescriptor(string Group, string Version, string Plural, bool Namespaced)
{
    /// <summary>apps/v1 deployments.</summary>
    public static ResourceDescriptor Deployments { get; } = new("apps", "v1", "deployments", Namespaced: true);

    /// <summary>coordination.k8s.io/v1 leases.</summary>
    public static ResourceDescriptor Leases { get; } = new("coordination.k8s.io", "v1", "leases", Namespaced: true);

    /// <summary>events.k8s.io/v1 events.</summary>
    public static ResourceDescriptor Events { get; } = new("events.k8s.io", "v1", "events", Namespaced: true);

    /// <summary>The <c>apiVersion</c> string: <c>group/version</c>, or just the version for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>/apis/apps/v1/namespaces/default/deployments</c>.</summary>
    /// <param name="namespaceName">The namespace; null lists across all namespaces (namespaced resources only).</param>
    /// <returns>The path, without a trailing slash.</returns>
    public string CollectionPath(string? namespaceName)
    {
        var root = Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";
        if (!Namespaced || string.IsNullOrEmpty(namespaceName))
        {
            return $"{root}/{Plural}";
        }

        return $"{root}/namespaces/{Uri.EscapeDataString(namespaceName)}/{Plural}";
    }

    /// <summary>The path of one object, optionally of one of its subresources.</summary>
    /// <param name="namespaceName">The namespace (ignored for cluster-scoped resources).</param>
    /// <param name="name">The object name.</param>
    /// <param name="subresource">A subresource such as <c>status</c> or <c>scale</c>.</param>
    /// <returns>The path.</returns>
    public string ObjectPath(string? namespaceName, string name, string? subresource = null)
    {
        if (Namespaced && string.IsNullOrEmpty(namespaceName))
        {
            throw new ArgumentException($"Resource {Plural} is namespaced: a namespace is required.", nameof(namespaceName));
        }

        var path = $"{CollectionPath(namespaceName)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }
}
