using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Redis;
using Platform.Scaling.Policy;

namespace Platform.Operator.Metrics;

/// <summary>
/// QueueBacklog and ArrivalRate from the Redis job queue: backlog is the consumer group's lag plus pending entries
/// (<see cref="JobQueue.GetStatisticsAsync"/>); the arrival rate is the increase of the monotonic <c>Added</c>
/// counter between two readings divided by the time between them (server time); the per-replica service rate is
/// the mean over live workers of capacity / average service time from their heartbeats.
/// </summary>
internal sealed class QueueMetricSource(IServiceProvider services) : IMetricSource
{
    private const string StreamSuffix = ":jobs";
    private readonly ConcurrentDictionary<(string Prefix, string Group), JobQueue> _queues = new();
    private readonly ConcurrentDictionary<(string Prefix, string Group), QueueStatistics> _previous = new();

    public bool Supports(MetricType type) => type is MetricType.QueueBacklog or MetricType.ArrivalRate;

    public async Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var source = metric.Queue ?? throw new MetricUnavailableException("spec.metrics[].queue is required for " + metric.Type);
        var key = Key(source);
        var queue = _queues.GetOrAdd(key, k => CreateQueue(k.Prefix, k.Group));

        QueueStatistics statistics;
        IReadOnlyList<WorkerHeartbeat> workers;
        try
        {
            var statisticsTask = queue.GetStatisticsAsync(cancellationToken);
            var workersTask = queue.GetWorkersAsync(cancellationToken);
            statistics = await statisticsTask;
            workers = await workersTask;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or IOException)
        {
            throw new MetricUnavailableException($"reading queue {source.Stream} (group {source.ConsumerGroup}) from Redis failed: {ex.Message}", ex);
        }

        double? arrivalRate = null;
        if (_previous.TryGetValue(key, out var previous) && statistics.Timestamp > previous.Timestamp && statistics.Added >= previous.Added)
        {
            arrivalRate = (statistics.Added - previous.Added) / (statistics.Timestamp - previous.Timestamp).TotalSeconds;
        }

        // Keep the older reading while the clock has not moved, so two quick reads do not give a zero interval.
        if (previous is null || statistics.Timestamp > previous.Timestamp)
        {
            _previous[key] = statistics;
        }

        var serviceRate = ServiceRatePerReplica(workers);
        if (metric.Type == MetricType.ArrivalRate)
        {
            return new MetricReading
            {
                Value = arrivalRate ?? throw new MetricUnavailableException($"the arrival rate of {source.Stream} needs two readings; the first was just taken"),
                ArrivalRate = arrivalRate,
                ServiceRatePerReplica = serviceRate,
                InFlight = statistics.Pending,
            };
        }

        return new MetricReading
        {
            Value = statistics.Backlog + statistics.Pending,
            ArrivalRate = arrivalRate,
            ServiceRatePerReplica = serviceRate,
            InFlight = statistics.Pending,
        };
    }

    /// <summary>Mean over workers of capacity / average service time; null when no worker has measured one yet.</summary>
    internal static double? ServiceRatePerReplica(IReadOnlyList<WorkerHeartbeat> workers)
    {
        var rates = workers
            .Where(w => w.AverageServiceTime > TimeSpan.Zero && w.Capacity > 0)
            .Select(w => w.Capacity / w.AverageServiceTime.TotalSeconds)
            .ToList();
        return rates.Count == 0 ? null : rates.Average();
    }

    /// <summary>The queue's key prefix and group from a policy's <c>queue</c>: stream <c>llm:jobs</c> is prefix <c>llm</c>.</summary>
    internal static (string Prefix, string Group) Key(QueueSource source)
    {
        if (!source.Stream.EndsWith(StreamSuffix, StringComparison.Ordinal) || source.Stream.Length == StreamSuffix.Length)
        {
            throw new MetricUnavailableException($"queue.stream '{source.Stream}' is not a job queue: it must be '<prefix>:jobs', e.g. llm:jobs");
        }

        return (source.Stream[..^StreamSuffix.Length], source.ConsumerGroup);
    }

    private JobQueue CreateQueue(string prefix, string group)
    {
        var redis = services.GetService<RedisConnection>()
            ?? throw new MetricUnavailableException("no Redis connection is configured (set ConnectionStrings:redis)");
        return new JobQueue(redis, Options.Create(new JobQueueOptions { KeyPrefix = prefix, ConsumerGroup = group }));
    }
}
