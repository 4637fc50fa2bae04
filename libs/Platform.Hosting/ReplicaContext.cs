using System.Globalization;

namespace Platform.Hosting;

/// <summary>One replica of an executable resource, as argument and environment callbacks see it.</summary>
/// <param name="ResourceName">The resource's name.</param>
/// <param name="Index">The replica's index: 0, 1, 2, ... (never reused while the application runs).</param>
/// <param name="Port">The replica's loopback port, or null when the resource has no endpoint.</param>
public sealed record ReplicaContext(string ResourceName, int Index, int? Port)
{
    /// <summary>The replica's HTTP URL on 127.0.0.1, or null when it has no endpoint.</summary>
    public Uri? Url => Port is { } port ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}")) : null;
}
