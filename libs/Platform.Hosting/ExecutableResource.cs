using System.Globalization;

namespace Platform.Hosting;

/// <summary>
/// A process the application host starts, one per replica: an executable from PATH or a .NET project run from its
/// build output (<c>dotnet {assembly}.dll</c>).
/// </summary>
public sealed class ExecutableResource : IResourceWithConnectionString
{
    private int? _port;

    internal ExecutableResource(string name, string command, string workingDirectory, string? projectPath)
    {
        Name = name;
        Command = command;
        WorkingDirectory = workingDirectory;
        ProjectPath = projectPath;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The command: a name looked up on PATH or a path; <c>dotnet</c> for projects.</summary>
    public string Command { get; }

    /// <summary>The working directory of every replica.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The project file, for a project resource; null for a plain executable.</summary>
    public string? ProjectPath { get; }

    /// <summary>Whether a project resource is built (<c>dotnet build</c>) every start; otherwise only when its output is missing. Default false.</summary>
    public bool BuildOnStart { get; internal set; }

    /// <summary>Replicas started with the application. Default 1.</summary>
    public int Replicas { get; internal set; } = 1;

    /// <summary>Whether the replica count may change at run time (set by <c>WithReplicas</c>).</summary>
    public bool IsScalable { get; internal set; }

    /// <summary>Whether each replica gets a loopback port (<see cref="ReplicaContext.Port"/>).</summary>
    public bool HasEndpoint { get; internal set; }

    /// <summary>A fixed port (single replica only), or null to pick a free one.</summary>
    public int? FixedPort { get; internal set; }

    /// <summary>The HTTP path polled until it answers 2xx, or null.</summary>
    public string? HealthCheckPath { get; internal set; }

    /// <summary>How long a replica may take to become healthy. Default 120 s (a cold .NET start on a busy machine).</summary>
    public TimeSpan HealthTimeout { get; internal set; } = TimeSpan.FromSeconds(120);

    /// <summary>How long a replica may take to exit after SIGTERM before its process tree is killed. Default 10 s.</summary>
    public TimeSpan StopTimeout { get; internal set; } = TimeSpan.FromSeconds(10);

    /// <summary>What to tell a person when <see cref="Command"/> is not found, e.g. how to install it.</summary>
    public string? InstallHint { get; internal set; }

    /// <summary>Resources whose replicas must be healthy before this one starts.</summary>
    public IReadOnlyList<IResource> WaitsFor => WaitForList;

    /// <summary>
    /// The connection string others get through <c>WithReference</c>, or null when the resource offers none
    /// (only resources with a single replica and an endpoint can offer one).
    /// </summary>
    public string? ConnectionString => ConnectionStringFactory?.Invoke(new ReplicaContext(Name, 0, HasEndpoint ? GetOrAllocatePort() : null));

    /// <summary>The HTTP URL of a single-replica resource with an endpoint (its port is fixed on first use).</summary>
    public Uri Url => new ReplicaContext(Name, 0, GetOrAllocatePort()).Url!;

    internal List<Func<ReplicaContext, IEnumerable<string>>> ArgumentCallbacks { get; } = [];

    internal Dictionary<string, Func<ReplicaContext, string?>> EnvironmentCallbacks { get; } = new(StringComparer.Ordinal);

    internal List<IResource> WaitForList { get; } = [];

    internal Func<ReplicaContext, CancellationToken, Task<bool>>? HealthCheck { get; set; }

    internal Func<ReplicaContext, string?>? ConnectionStringFactory { get; set; }

    /// <summary>The port of replica <paramref name="index"/>: the resource's one stable port, or a fresh one per replica when scalable.</summary>
    internal int? PortFor(int index) => !HasEndpoint ? null : IsScalable && FixedPort is null ? FreePort.Next() : GetOrAllocatePort();

    internal int GetOrAllocatePort()
    {
        if (IsScalable && FixedPort is null)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"'{Name}' has one port per replica; it has no single URL or connection string."));
        }

        lock (ArgumentCallbacks)
        {
            return _port ??= FixedPort ?? FreePort.Next();
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"Executable({Name})";
}
