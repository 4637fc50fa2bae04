using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Operator.History;
using Platform.Operator.Metrics;
using Platform.Otlp.Metrics;
using Platform.Redis;
using Platform.Scaling.Policy;

namespace Platform.Operator.Dashboard;

/// <summary>
/// Samples what the dashboard charts, every <see cref="DashboardOptions.SampleInterval"/>: platform-wide latency
/// percentiles, job, token and cost rates from the OTLP store; the job queues the policies read and the workers'
/// heartbeats from Redis (when a connection is configured; without one those parts stay empty); each policy's first
/// metric, arrival rate, forecast and replicas from the policy history. Keeps <see cref="DashboardOptions.History"/>
/// of samples in memory.
/// </summary>
internal sealed class DashboardSampler(
    PolicyHistoryStore history,
    OtlpMetricStore store,
    IServiceProvider services,
    IOptions<DashboardOptions> options,
    IOptions<OperatorOptions> operatorOptions,
    TimeProvider timeProvider,
    ILogger<DashboardSampler> logger)
{
    private readonly Lock _lock = new();
    private readonly Queue<PlatformSample> _platform = new();
    private readonly Dictionary<string, Queue<PolicySample>> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Prefix, string Group), JobQueue> _queues = new();
    private readonly Dictionary<string, Queue<QueueStatistics>> _readings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double?> _arrival = new(StringComparer.Ordinal);
    private QueueSummary? _queue;
    private IReadOnlyList<WorkerSummary> _workers = [];
    private string? _redisError;
    private string? _lastLoggedError;

    /// <summary>Takes one sample of everything.</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = timeProvider.GetUtcNow();
        var policies = history.Snapshot();
        var redis = services.GetService<RedisConnection>();
        var defaultStream = settings.DefaultStream;
        var streams = policies
            .SelectMany(p => p.Policy?.Spec.Metrics ?? [])
            .Select(m => m.Queue)
            .OfType<QueueSource>()
            .Select(q => (q.Stream, q.ConsumerGroup))
            .Prepend((Stream: defaultStream, ConsumerGroup: settings.DefaultConsumerGroup))
            .DistinctBy(q => q.Stream, StringComparer.Ordinal)
            .ToList();

        QueueSummary? queue = null;
        IReadOnlyList<WorkerSummary>? workers = null;
        string? error = null;
        if (redis is not null)
        {
            foreach (var (stream, group) in streams)
            {
                try
                {
                    var jobQueue = QueueFor(redis, stream, group);
                    var statistics = await jobQueue.GetStatisticsAsync(cancellationToken);
                    _arrival[stream] = ArrivalRate(stream, statistics, settings.Window);
                    if (stream == defaultStream)
                    {
                        queue = new QueueSummary(stream, statistics.Backlog, statistics.Pending, statistics.Scheduled, statistics.Added, statistics.Completed,
                            statistics.Failed, statistics.DeadLettered, statistics.OldestWaitingAge.TotalSeconds);
                        var heartbeats = await jobQueue.GetWorkersAsync(cancellationToken);
                        workers = [.. heartbeats.OrderBy(w => w.WorkerId, StringComparer.Ordinal).Select(w => new WorkerSummary(
                            w.WorkerId, w.InFlight, w.Capacity, w.Completed, w.Failed, w.AverageServiceTime.TotalSeconds, w.StartedAt, w.ReportedAt))];
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException or IOException or MetricUnavailableException)
                {
                    error = ex.Message;
                    _arrival[stream] = null;
                }
            }
        }

        if (error is not null && error != _lastLoggedError)
        {
            Log.DashboardQueueFailed(logger, string.Join(", ", streams.Select(s => s.Stream)), error);
        }

        _lastLoggedError = error;
        var window = settings.Window;
        var platform = new PlatformSample(
            now,
            Finite(store.GetPercentile("gen_ai.client.operation.duration", 0.50, window)),
            Finite(store.GetPercentile("gen_ai.client.operation.duration", 0.95, window)),
            Finite(store.GetPercentile("gen_ai.client.operation.duration", 0.99, window)),
            Finite(store.GetRate("platform.jobs.completed", window)),
            Finite(store.GetRate("platform.jobs.failed", window)),
            Finite(store.GetAverage("gen_ai.client.token.usage", window) * store.GetRate("gen_ai.client.token.usage", window) * 60),
            Finite(store.GetRate("platform.llm.cost", window) * 60),
            Finite(_arrival.GetValueOrDefault(defaultStream) ?? store.GetRate("platform.jobs.enqueued", window)),
            queue?.Backlog ?? (long?)store.GetLatest("platform.queue.backlog", window),
            workers?.Count);

        lock (_lock)
        {
            _queue = queue;
            _workers = workers ?? [];
            _redisError = error;
            Add(_platform, platform);
            foreach (var view in policies)
            {
                var key = view.Namespace + "/" + view.Name;
                if (!_policies.TryGetValue(key, out var samples))
                {
                    _policies[key] = samples = new Queue<PolicySample>();
                }

                Add(samples, PolicySampleOf(view, now));
            }

            foreach (var gone in _policies.Keys.Except(policies.Select(v => v.Namespace + "/" + v.Name), StringComparer.Ordinal).ToList())
            {
                _policies.Remove(gone);
            }
        }
    }

    /// <summary>Everything the page draws.</summary>
    public DashboardSnapshot Snapshot()
    {
        var settings = options.Value;
        var policies = history.Snapshot();
        lock (_lock)
        {
            return new DashboardSnapshot
            {
                Time = timeProvider.GetUtcNow(),
                Mode = string.IsNullOrWhiteSpace(operatorOptions.Value.LocalDirectory) ? "cluster" : "local",
                HistorySeconds = settings.History.TotalSeconds,
                WindowSeconds = settings.Window.TotalSeconds,
                RedisConfigured = services.GetService<RedisConnection>() is not null,
                RedisError = _redisError,
                Queue = _queue,
                Workers = _workers,
                Platform = [.. _platform],
                Policies = [.. policies.Select(v => new PolicyDashboard(
                    v.Namespace,
                    v.Name,
                    v.Spec,
                    v.Status?.CurrentReplicas,
                    v.Status?.DesiredReplicas,
                    v.Problems,
                    v.Spec is { Metrics.Count: > 0 } spec ? spec.Metrics[0] : null,
                    [.. v.Decisions.Reverse().Take(20)],
                    [.. v.Events.Reverse().Take(10)],
                    _policies.TryGetValue(v.Namespace + "/" + v.Name, out var samples) ? [.. samples] : []))],
            };
        }
    }

    private PolicySample PolicySampleOf(PolicyView view, DateTimeOffset now)
    {
        var metric = view.Samples.LastOrDefault(s => s.Metric == 0);
        var arrivalSample = view.Samples.LastOrDefault(s => s.Type == nameof(MetricType.ArrivalRate) && s.Value is not null);
        var stream = view.Policy?.Spec.Metrics.Select(m => m.Queue?.Stream).FirstOrDefault(s => s is not null);
        var arrival = stream is not null ? _arrival.GetValueOrDefault(stream) : null;
        return new PolicySample(
            now,
            Finite(metric?.Value),
            Finite(arrival ?? arrivalSample?.Value),
            Finite(view.Forecast?.ArrivalRate),
            Finite(view.Forecast?.UpperBound),
            view.Status?.CurrentReplicas,
            view.Status?.DesiredReplicas);
    }

    /// <summary>Jobs added per second over the window (server time), from the queue's monotonic <c>Added</c> counter.</summary>
    private double? ArrivalRate(string stream, QueueStatistics statistics, TimeSpan window)
    {
        if (!_readings.TryGetValue(stream, out var readings))
        {
            _readings[stream] = readings = new Queue<QueueStatistics>();
        }

        if (readings.Count > 0 && (statistics.Added < readings.Last().Added || statistics.Timestamp < readings.Last().Timestamp))
        {
            readings.Clear(); // the queue was reset or the server changed
        }

        readings.Enqueue(statistics);
        while (readings.Count > 2 && statistics.Timestamp - readings.Peek().Timestamp > window)
        {
            readings.Dequeue();
        }

        var first = readings.Peek();
        var seconds = (statistics.Timestamp - first.Timestamp).TotalSeconds;
        return seconds > 0 ? (statistics.Added - first.Added) / seconds : null;
    }

    private JobQueue QueueFor(RedisConnection redis, string stream, string group)
    {
        var key = QueueMetricSource.Key(new QueueSource { Stream = stream, ConsumerGroup = group });
        return _queues.GetOrAdd(key, k => new JobQueue(redis, Options.Create(new JobQueueOptions { KeyPrefix = k.Prefix, ConsumerGroup = k.Group })));
    }

    private void Add<T>(Queue<T> queue, T sample)
    {
        queue.Enqueue(sample);
        var capacity = (int)Math.Ceiling(options.Value.History / options.Value.SampleInterval) + 1;
        while (queue.Count > capacity)
        {
            queue.Dequeue();
        }
    }

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
