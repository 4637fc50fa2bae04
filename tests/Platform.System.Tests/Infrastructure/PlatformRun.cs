using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Redis;
using Platform.Testing;

namespace Platform.SystemTests.Infrastructure;

/// <summary>
/// One platform on a shared redis-server: a gateway process and any number of worker processes on their own
/// key prefix, an HTTP client holding the gateway's API key, and a <see cref="JobQueue"/> for checks the API
/// does not expose. Every process is stopped by its PID on dispose.
/// </summary>
internal sealed class PlatformRun : IAsyncDisposable
{
    private readonly RedisServerFixture _redis;
    private readonly PlatformSettings _settings;
    private readonly List<ServiceProcess> _workers = [];
    private RedisConnection? _connection;

    private PlatformRun(RedisServerFixture redis, PlatformSettings settings)
    {
        _redis = redis;
        _settings = settings;
        Prefix = "sys" + Guid.NewGuid().ToString("N")[..10];
        ApiKey = "sk-systest-" + Guid.NewGuid().ToString("N");
    }

    /// <summary>The Redis key prefix of this run's queue.</summary>
    public string Prefix { get; }

    /// <summary>The API key clients send (tenant <c>acme</c>).</summary>
    public string ApiKey { get; }

    /// <summary>The gateway process.</summary>
    public ServiceProcess Gateway { get; private set; } = null!;

    /// <summary>The worker processes started so far.</summary>
    public IReadOnlyList<ServiceProcess> Workers => _workers;

    /// <summary>A client for the gateway, with the API key.</summary>
    public GatewayClient Client { get; private set; } = null!;

    /// <summary>The run's queue, read directly from Redis.</summary>
    public JobQueue Queue { get; private set; } = null!;

    /// <summary>Every process's output, for failure messages.</summary>
    public string Output => string.Join("\n", new[] { Gateway }.Concat(_workers).Where(p => p is not null)
        .Select(p => $"----- {p} -----\n{p.Tail(60)}"));

    /// <summary>Starts the gateway and <paramref name="workers"/> workers (named <c>worker-1</c>, ...).</summary>
    public static async Task<PlatformRun> StartAsync(RedisServerFixture redis, PlatformSettings settings, int workers, CancellationToken cancellationToken)
    {
        var run = new PlatformRun(redis, settings);
        try
        {
            run._connection = await redis.ConnectAsync(cancellationToken: cancellationToken);
            run.Queue = new JobQueue(run._connection, Options.Create(new JobQueueOptions { KeyPrefix = run.Prefix }));
            await run.Queue.EnsureCreatedAsync(cancellationToken);

            // Start the processes side by side: each takes a few seconds on a busy machine.
            var gateway = ServiceProcess.StartAsync("gateway", ServicePaths.Gateway, run.GatewayEnvironment(), cancellationToken);
            var started = Enumerable.Range(1, workers).Select(i => run.StartWorkerCoreAsync("worker-" + i.ToString(CultureInfo.InvariantCulture), null, cancellationToken)).ToList();
            run.Gateway = await gateway;
            foreach (var worker in started)
            {
                run._workers.Add(await worker);
            }

            run.Client = new GatewayClient(run.Gateway.BaseAddress, run.ApiKey);
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more worker.</summary>
    public async Task<ServiceProcess> StartWorkerAsync(string name, IReadOnlyDictionary<string, string?>? extra, CancellationToken cancellationToken)
    {
        var worker = await StartWorkerCoreAsync(name, extra, cancellationToken);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Waits until <paramref name="count"/> workers publish heartbeats (they read jobs from then on).</summary>
    public async Task WaitForWorkersAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 300 && (await Queue.GetWorkersAsync(cancellationToken)).Count < count; i++)
        {
            await Task.Delay(100, cancellationToken);
        }

        Assert.True((await Queue.GetWorkersAsync(cancellationToken)).Count >= count, "workers did not report:\n" + Output);
    }

    /// <summary>Stops every process (workers first) by PID and closes the Redis connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        Client?.Dispose();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    private Task<ServiceProcess> StartWorkerCoreAsync(string name, IReadOnlyDictionary<string, string?>? extra, CancellationToken cancellationToken)
    {
        var environment = Common();
        environment["Worker:ConsumerName"] = name;
        environment["OTEL_SERVICE_NAME"] = "llm-worker";
        foreach (var (key, value) in FastWorkerConfiguration.Values)
        {
            environment[key] = value;
        }

        Merge(environment, _settings.Worker);
        Merge(environment, extra);
        return ServiceProcess.StartAsync(name, ServicePaths.Worker, environment, cancellationToken);
    }

    private Dictionary<string, string?> GatewayEnvironment()
    {
        var environment = Common();
        environment["OTEL_SERVICE_NAME"] = "llm-gateway";
        environment["Gateway:ApiKeys:0:Key"] = ApiKey;
        environment["Gateway:ApiKeys:0:Tenant"] = "acme";
        for (var i = 0; i < _settings.Models.Count; i++)
        {
            environment[$"Gateway:Models:{i.ToString(CultureInfo.InvariantCulture)}"] = _settings.Models[i];
        }

        Merge(environment, _settings.Gateway);
        return environment;
    }

    private Dictionary<string, string?> Common()
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:redis"] = _redis.ConnectionString,
            ["Jobs:KeyPrefix"] = Prefix,
            ["Jobs:Backoff:BaseDelay"] = "00:00:00.050",
            ["Jobs:Backoff:MaxDelay"] = "00:00:05",
        };
        if (_settings.OtlpEndpoint is { } endpoint)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString();
            environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            environment["OTEL_METRIC_EXPORT_INTERVAL"] = _settings.MetricExportIntervalMilliseconds.ToString(CultureInfo.InvariantCulture);
        }

        Merge(environment, _settings.Common);
        return environment;
    }

    private static void Merge(Dictionary<string, string?> target, IReadOnlyDictionary<string, string?>? source)
    {
        foreach (var (key, value) in source ?? new Dictionary<string, string?>())
        {
            target[key] = value;
        }
    }
}
