using System.Globalization;
using Platform.Kubernetes.Models;

namespace Platform.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>Replaces the status of an object (PUT to the <c>status</c> subresource; the spec is left alone).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource (must have a status subresource).</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="value">The object carrying the new status (and, for optimistic concurrency, its resourceVersion).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    public Task<T> ReplaceStatusAsync<T>(ResourceDescriptor resource, string? namespaceName, string name, T value, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Put, resource.ObjectPath(namespaceName, name, "status"), JsonContent(value), cancellationToken);
    }

    /// <summary>Patches the status of an object (the <c>status</c> subresource; spec changes in the patch are ignored).</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource (must have a status subresource).</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="patch">The patch, e.g. <c>KubernetesPatch.Merge(new { status = ... })</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    public Task<T> PatchStatusAsync<T>(ResourceDescriptor resource, string? namespaceName, string name, KubernetesPatch patch, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Patch, resource.ObjectPath(namespaceName, name, "status"), PatchContent(patch), cancellationToken);
    }

    /// <summary>Reads the <c>scale</c> subresource (autoscaling/v1 Scale), e.g. of an apps/v1 Deployment.</summary>
    /// <param name="resource">The scalable resource, e.g. <see cref="ResourceDescriptor.Deployments"/>.</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The scale: desired replicas, observed replicas and selector.</returns>
    public Task<V1Scale> GetScaleAsync(ResourceDescriptor resource, string? namespaceName, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<V1Scale>(HttpMethod.Get, resource.ObjectPath(namespaceName, name, "scale"), content: null, cancellationToken);
    }

    /// <summary>Sets the desired replicas through the <c>scale</c> subresource with a merge patch.</summary>
    /// <param name="resource">The scalable resource, e.g. <see cref="ResourceDescriptor.Deployments"/>.</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="replicas">The desired replicas.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The scale after the patch.</returns>
    public Task<V1Scale> PatchScaleAsync(ResourceDescriptor resource, string? namespaceName, string name, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var patch = KubernetesPatch.Merge(new { spec = new { replicas } });
        return SendForObjectAsync<V1Scale>(HttpMethod.Patch, resource.ObjectPath(namespaceName, name, "scale"), PatchContent(patch), cancellationToken);
    }

    /// <summary>Records an events.k8s.io/v1 Event about an object, in the object's namespace.</summary>
    /// <param name="regarding">The object the event is about.</param>
    /// <param name="details">Reason, note, type, action and reporter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created event.</returns>
    public Task<EventsV1Event> CreateEventAsync(IKubernetesObject regarding, KubernetesEventDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentNullException.ThrowIfNull(details);
        var now = _timeProvider.GetUtcNow();
        var namespaceName = regarding.Metadata.Namespace ?? _configuration.Namespace ?? "default";

        // client-go names events <object>.<unique hex suffix>: unique per emission, grouped by object in listings.
        var suffix = ((now.ToUnixTimeMilliseconds() * 1_000_000) + Random.Shared.Next(1_000_000)).ToString("x", CultureInfo.InvariantCulture);
        var kubernetesEvent = new EventsV1Event
        {
            Metadata = new ObjectMeta { Name = $"{regarding.Metadata.Name}.{suffix}", Namespace = namespaceName },
            EventTime = now,
            Regarding = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Namespace = regarding.Metadata.Namespace,
                Name = regarding.Metadata.Name,
                Uid = regarding.Metadata.Uid,
                ResourceVersion = regarding.Metadata.ResourceVersion,
            },
            Reason = details.Reason,
            Note = details.Note.Length <= 1024 ? details.Note : details.Note[..1024],
            Type = details.Type,
            Action = details.Action,
            ReportingController = details.ReportingController,
            ReportingInstance = details.ReportingInstance,
        };
        return CreateAsync(ResourceDescriptor.Events, namespaceName, kubernetesEvent, cancellationToken);
    }
}
