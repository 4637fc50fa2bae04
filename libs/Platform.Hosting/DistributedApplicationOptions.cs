using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Platform.Hosting;

/// <summary>Settings of a <see cref="DistributedApplication"/>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Command-line arguments, read into <see cref="DistributedApplicationBuilder.Configuration"/>. Default none.</summary>
    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>Where resource output lines go, each prefixed with the replica's name. Default <see cref="Console.Out"/>.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Logger factory for the host's own messages (starts, stops, scaling). Default: no logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The build configuration whose output project resources run (<c>bin/{Configuration}</c>). Default: the host's own.</summary>
    public string? BuildConfiguration { get; init; }

    /// <summary>Whether SIGINT and SIGTERM stop the application (<see cref="DistributedApplication.RunAsync"/>). Default true.</summary>
    public bool HandleShutdownSignals { get; init; } = true;

    /// <summary>Delay before a replica that exited on its own is restarted. Default 2 s.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Restarts per replica before it is left down. Default 5.</summary>
    public int MaxRestarts { get; init; } = 5;
}
