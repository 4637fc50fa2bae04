using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Platform.Hosting;

/// <summary>Configures executable resources (shaped like Aspire's <c>ResourceBuilderExtensions</c>).</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>Adds arguments to every replica's command line.</summary>
    public static IResourceBuilder<ExecutableResource> WithArgs(this IResourceBuilder<ExecutableResource> builder, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ArgumentCallbacks.Add(_ => args);
        return builder;
    }

    /// <summary>Adds arguments computed when each replica starts (ports and URLs of other resources are known then).</summary>
    public static IResourceBuilder<ExecutableResource> WithArgs(this IResourceBuilder<ExecutableResource> builder, Func<ReplicaContext, IEnumerable<string>> args)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ArgumentCallbacks.Add(args);
        return builder;
    }

    /// <summary>Sets an environment variable of every replica.</summary>
    public static IResourceBuilder<ExecutableResource> WithEnvironment(this IResourceBuilder<ExecutableResource> builder, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.EnvironmentCallbacks[name] = _ => value;
        return builder;
    }

    /// <summary>Sets an environment variable computed when each replica starts.</summary>
    public static IResourceBuilder<ExecutableResource> WithEnvironment(this IResourceBuilder<ExecutableResource> builder, string name, Func<ReplicaContext, string?> value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.EnvironmentCallbacks[name] = value;
        return builder;
    }

    /// <summary>Passes <paramref name="source"/>'s connection string as <c>ConnectionStrings__{name}</c>.</summary>
    public static IResourceBuilder<ExecutableResource> WithReference(this IResourceBuilder<ExecutableResource> builder, IResourceBuilder<IResourceWithConnectionString> source)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(source);
        var resource = source.Resource;
        builder.Resource.EnvironmentCallbacks["ConnectionStrings__" + resource.Name] = _ => resource.ConnectionString
            ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string.");
        return builder;
    }

    /// <summary>Starts this resource only once every replica of <paramref name="dependency"/> is healthy.</summary>
    public static IResourceBuilder<ExecutableResource> WaitFor(this IResourceBuilder<ExecutableResource> builder, IResourceBuilder<IResource> dependency)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(dependency);
        if (!builder.ApplicationBuilder.Resources.TakeWhile(r => !ReferenceEquals(r, builder.Resource)).Contains(dependency.Resource))
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' can only wait for a resource declared before it ('{dependency.Resource.Name}' is not).");
        }

        builder.Resource.WaitForList.Add(dependency.Resource);
        return builder;
    }

    /// <summary>
    /// Starts <paramref name="replicas"/> replicas and lets the count change at run time (scale endpoint); each replica
    /// gets its own port when the resource has an endpoint.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithReplicas(this IResourceBuilder<ExecutableResource> builder, int replicas)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        if (builder.Resource.FixedPort is not null)
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' has a fixed port; it cannot have replicas.");
        }

        builder.Resource.Replicas = replicas;
        builder.Resource.IsScalable = true;
        return builder;
    }

    /// <summary>
    /// Gives each replica an HTTP endpoint on 127.0.0.1 (<paramref name="port"/>, or a free port) passed as
    /// <c>--urls http://127.0.0.1:{port}</c>.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> WithHttpEndpoint(this IResourceBuilder<ExecutableResource> builder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithEndpoint(port);
        builder.Resource.ArgumentCallbacks.Add(context => ["--urls", context.Url!.ToString().TrimEnd('/')]);
        return builder;
    }

    /// <summary>Gives each replica a port on 127.0.0.1 (<see cref="ReplicaContext.Port"/>) without passing it anywhere.</summary>
    public static IResourceBuilder<ExecutableResource> WithEndpoint(this IResourceBuilder<ExecutableResource> builder, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (port is not null && builder.Resource.IsScalable)
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' has replicas; it cannot have a fixed port.");
        }

        builder.Resource.HasEndpoint = true;
        builder.Resource.FixedPort = port is 0 ? null : port;
        return builder;
    }

    /// <summary>Considers a replica healthy once <c>GET {its URL}{path}</c> answers 2xx.</summary>
    public static IResourceBuilder<ExecutableResource> WithHttpHealthCheck(this IResourceBuilder<ExecutableResource> builder, string path = "/health", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Resource.HasEndpoint)
        {
            throw new InvalidOperationException($"'{builder.Resource.Name}' needs an endpoint (WithHttpEndpoint) before an HTTP health check.");
        }

        builder.Resource.HealthCheckPath = path;
        builder.Resource.HealthTimeout = timeout ?? builder.Resource.HealthTimeout;
        return builder;
    }

    /// <summary>Considers a replica healthy once <paramref name="check"/> returns true (polled every 250 ms).</summary>
    public static IResourceBuilder<ExecutableResource> WithHealthCheck(this IResourceBuilder<ExecutableResource> builder, Func<ReplicaContext, CancellationToken, Task<bool>> check, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.HealthCheck = check;
        builder.Resource.HealthTimeout = timeout ?? builder.Resource.HealthTimeout;
        return builder;
    }

    /// <summary>How long a replica may take to exit after SIGTERM (its drain) before its process tree is killed.</summary>
    public static IResourceBuilder<ExecutableResource> WithStopTimeout(this IResourceBuilder<ExecutableResource> builder, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.StopTimeout = timeout;
        return builder;
    }

    /// <summary>Runs <c>dotnet build</c> on a project resource every start (for projects the host does not reference).</summary>
    public static IResourceBuilder<ExecutableResource> WithBuildOnStart(this IResourceBuilder<ExecutableResource> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.BuildOnStart = true;
        return builder;
    }

    /// <summary>Offers <paramref name="connectionString"/> (computed from the replica's port) to resources that reference this one.</summary>
    public static IResourceBuilder<ExecutableResource> WithConnectionString(this IResourceBuilder<ExecutableResource> builder, Func<ReplicaContext, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ConnectionStringFactory = connectionString;
        return builder;
    }

    /// <summary>What to tell a person when the command is not on PATH (for example how to install it).</summary>
    public static IResourceBuilder<ExecutableResource> WithInstallHint(this IResourceBuilder<ExecutableResource> builder, string hint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.InstallHint = hint;
        return builder;
    }

    /// <summary>
    /// Adds <c>redis-server</c> from PATH on a loopback port, with its data (append-only file on) in
    /// <paramref name="dataDirectory"/>, healthy once it answers PING.
    /// </summary>
    public static IResourceBuilder<ExecutableResource> AddRedis(this DistributedApplicationBuilder builder, string name, string dataDirectory, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var data = Path.GetFullPath(dataDirectory);
        return builder.AddExecutable(name, "redis-server", data)
            .WithEndpoint(port)
            .WithArgs(context =>
            {
                Directory.CreateDirectory(data);
                return
                [
                    "--port", context.Port!.Value.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                    "--dir", data, "--appendonly", "yes", "--save", "", "--daemonize", "no",
                ];
            })
            .WithConnectionString(context => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{context.Port}"))
            .WithHealthCheck((context, ct) => PingAsync(context.Port!.Value, ct), TimeSpan.FromSeconds(30))
            .WithInstallHint("Install it with: sudo apt-get install -y redis-server (or set ConnectionStrings__redis to use a Redis you already run).");
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
