namespace Platform.Hosting;

/// <summary>Runs one resource: starts it, reports when it is ready, stops it.</summary>
internal interface IResourceRunner
{
    IResource Resource { get; }

    /// <summary>Completes when the initial replicas are healthy; faults when they cannot become so.</summary>
    Task Ready { get; }

    Task StartAsync(CancellationToken cancellationToken);

    Task StopAsync(CancellationToken cancellationToken);
}
