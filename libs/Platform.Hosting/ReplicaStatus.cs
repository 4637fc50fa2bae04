namespace Platform.Hosting;

/// <summary>The replica counts of a resource, as the local scale endpoint reports them.</summary>
/// <param name="Name">The resource's name.</param>
/// <param name="Replicas">Replicas running or starting (draining ones are not counted).</param>
/// <param name="ReadyReplicas">Replicas that passed their health check and are not draining.</param>
public sealed record ReplicaStatus(string Name, int Replicas, int ReadyReplicas);
