using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Platform.Hosting;

namespace Platform.AppHost.Extensions;

/// <summary>Declares the local platform: Redis, workers, gateway, operator, and the scale endpoint the operator drives.</summary>
internal static class PlatformResourceExtensions
{
    /// <summary>The worker resource's name: the <c>targetRef.name</c> of the default ScalePolicy.</summary>
    public const string WorkerName = "llm-worker";

    /// <summary>How long a worker may drain on scale-down or stop: its 25 s grace period plus a margin.</summary>
    private static readonly TimeSpan WorkerStopTimeout = TimeSpan.FromSeconds(30);

    public static PlatformResources AddLlmPlatform(this DistributedApplicationBuilder builder, AppHostSettings settings)
    {
        var policies = LocalScalePolicies.Read(settings.ScalePolicyDirectory);
        var scale = builder.AddScaleEndpoint("scale");

        IResourceBuilder<IResourceWithConnectionString> redis = settings.RedisConnectionString is { } existing
            ? builder.AddConnectionString("redis", existing)
            : builder.AddRedis("redis", settings.RedisDataDirectory);

        // The operator's port is chosen now: every service exports telemetry to its OTLP receiver.
        var operatorPort = FreePort();
        var operatorUrl = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{operatorPort}");

        var workers = builder.AddProject(WorkerName, Path.Combine(settings.RepositoryRoot, "services", "worker", "Platform.Worker.csproj"))
            .WithHttpEndpoint()
            .WithReplicas(LocalScalePolicies.InitialReplicas(policies, WorkerName))
            .WithServiceDefaults(redis, settings.OperatorProject is null ? null : operatorUrl)
            .WithEnvironment("OTEL_RESOURCE_ATTRIBUTES", context => "service.instance.id=" + context.ResourceName + "-" + context.Index.ToString(CultureInfo.InvariantCulture))
            .WithHttpHealthCheck("/health")
            .WithStopTimeout(WorkerStopTimeout);
        WaitForRedis(workers, redis);

        var gateway = builder.AddProject("gateway", Path.Combine(settings.RepositoryRoot, "services", "llm-gateway", "Platform.Gateway.csproj"))
            .WithHttpEndpoint(GatewayPort(settings.GatewayPort))
            .WithServiceDefaults(redis, settings.OperatorProject is null ? null : operatorUrl)
            .WithEnvironment("Gateway__ApiKeys__0__Key", settings.ApiKey)
            .WithEnvironment("Gateway__ApiKeys__0__Tenant", "dev")
            .WithHttpHealthCheck("/health");
        WaitForRedis(gateway, redis);

        IResourceBuilder<ExecutableResource>? @operator = null;
        if (settings.OperatorProject is { } project)
        {
            @operator = builder.AddProject("operator", project)
                .WithHttpEndpoint(operatorPort)
                .WithArgs(_ => ["--local", settings.ScalePolicyDirectory, "--scale-target", scale.Resource.Url!.ToString()])
                .WithReference(redis)
                .WithReadableLogs()
                .WithHttpHealthCheck("/health");
            WaitForRedis(@operator, redis);
            if (settings.BuildOperator)
            {
                @operator.WithBuildOnStart();
            }
        }

        return new PlatformResources { Redis = redis, Workers = workers, Gateway = gateway, Operator = @operator, ScaleEndpoint = scale, Settings = settings };
    }

    /// <summary>What every platform service gets: Redis, OTLP export to the operator every 2 s, readable one-line logs.</summary>
    private static IResourceBuilder<ExecutableResource> WithServiceDefaults(this IResourceBuilder<ExecutableResource> builder, IResourceBuilder<IResourceWithConnectionString> redis, string? otlpEndpoint)
    {
        builder.WithReference(redis)
            .WithReadableLogs()
            .WithEnvironment("OTEL_SERVICE_NAME", builder.Resource.Name);
        if (otlpEndpoint is not null)
        {
            builder.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "2000");
        }

        return builder;
    }

    /// <summary>
    /// One line per message, no trace-id scopes, and no per-request framework chatter (health polls, OTLP posts),
    /// so that the interleaved output of every process stays readable.
    /// </summary>
    private static IResourceBuilder<ExecutableResource> WithReadableLogs(this IResourceBuilder<ExecutableResource> builder) =>
        builder.WithEnvironment("Logging__Console__FormatterName", "simple")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            .WithEnvironment("Logging__Console__FormatterOptions__IncludeScopes", "false")
            .WithEnvironment("Logging__LogLevel__Microsoft.AspNetCore", "Warning")
            .WithEnvironment("Logging__LogLevel__System.Net.Http.HttpClient", "Warning");

    private static void WaitForRedis(IResourceBuilder<ExecutableResource> builder, IResourceBuilder<IResourceWithConnectionString> redis)
    {
        if (redis.Resource is ExecutableResource)
        {
            builder.WaitFor(redis);
        }
    }

    /// <summary>The configured gateway port when it is free, else a free one (another program may hold 5080).</summary>
    private static int GatewayPort(int wanted)
    {
        if (wanted <= 0)
        {
            return FreePort();
        }

        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, wanted);
            listener.Start();
            return wanted;
        }
        catch (SocketException)
        {
            return FreePort();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
