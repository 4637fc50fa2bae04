using Platform.Hosting;
using Platform.Hosting.Scaling;

namespace Platform.AppHost;

/// <summary>The resources of the local platform, as the ready banner and tests need them.</summary>
internal sealed record PlatformResources
{
    public required IResourceBuilder<IResourceWithConnectionString> Redis { get; init; }

    public required IResourceBuilder<ExecutableResource> Workers { get; init; }

    public required IResourceBuilder<ExecutableResource> Gateway { get; init; }

    /// <summary>The operator (with the dashboard), or null while <c>operator/</c> has no project.</summary>
    public IResourceBuilder<ExecutableResource>? Operator { get; init; }

    public required IResourceBuilder<ScaleEndpointResource> ScaleEndpoint { get; init; }

    public required AppHostSettings Settings { get; init; }
}
