namespace Platform.Hosting.Scaling;

/// <summary>
/// The local scale endpoint: an HTTP server on 127.0.0.1 through which the operator (local mode) reads and changes
/// the replica count of scalable resources: <c>GET {Url}/{name}</c> and <c>PUT {Url}/{name}</c> with <c>{"replicas":N}</c>.
/// </summary>
public sealed class ScaleEndpointResource : IResource
{
    internal ScaleEndpointResource(string name) => Name = name;

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The largest replica count a PUT may ask for (the policy's bounds are the operator's business). Default 50.</summary>
    public int MaxReplicas { get; internal set; } = 50;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234/scale</c>; known once the application has started.</summary>
    public Uri? Url { get; internal set; }
}
