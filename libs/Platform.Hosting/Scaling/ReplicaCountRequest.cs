namespace Platform.Hosting.Scaling;

/// <summary>The body of <c>PUT {scale endpoint}/{name}</c>.</summary>
/// <param name="Replicas">The wanted number of replicas.</param>
public sealed record ReplicaCountRequest(int? Replicas);
