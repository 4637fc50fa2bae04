using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Operator.Metrics;
using Platform.Redis;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Metrics;

/// <summary>QueueBacklog and ArrivalRate read from a real redis-server's job queue.</summary>
public sealed class QueueMetricSourceTests
{
    private static readonly MetricSpec Backlog = new() { Type = MetricType.QueueBacklog, Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" }, TargetPerReplica = 8 };
    private static readonly MetricSpec Arrivals = new() { Type = MetricType.ArrivalRate, Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" }, TargetPerReplica = 1 };

    [Fact]
    public async Task ReadAsync_WaitingAndPendingJobs_CountsBothAndMeasuresArrivalsAndServiceRate()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: ct);
        var queue = new JobQueue(connection, Options.Create(new JobQueueOptions()));
        await queue.EnsureCreatedAsync(ct);
        await using var services = new ServiceCollection().AddSingleton(connection).BuildServiceProvider();
        var source = new QueueMetricSource(services);

        await EnqueueAsync(queue, 10, ct);
        _ = await queue.ReadAsync("worker-1", 4, TimeSpan.Zero, ct);
        await queue.PublishHeartbeatAsync(new WorkerHeartbeat
        {
            WorkerId = "worker-1", InFlight = 4, Capacity = 4, Completed = 0, Failed = 0,
            AverageServiceTime = TimeSpan.FromSeconds(2), StartedAt = DateTimeOffset.UtcNow,
        }, ct);

        var first = await source.ReadAsync(Backlog, ct);
        Assert.Equal(10, first.Value);
        Assert.Equal(4, first.InFlight);
        Assert.Equal(2, first.ServiceRatePerReplica);

        // The first arrival-rate reading has nothing to compare with; the second does.
        await Assert.ThrowsAsync<MetricUnavailableException>(() => new QueueMetricSource(services).ReadAsync(Arrivals, ct));
        await Task.Delay(300, ct);
        await EnqueueAsync(queue, 6, ct);
        var second = await source.ReadAsync(Arrivals, ct);
        Assert.True(second.Value > 0, "six jobs arrived between the readings");
        Assert.Equal(16, (await source.ReadAsync(Backlog, ct)).Value);
    }

    [Fact]
    public async Task ReadAsync_NoRedisConfigured_FailsWithReason()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var ex = await Assert.ThrowsAsync<MetricUnavailableException>(() => new QueueMetricSource(services).ReadAsync(Backlog, TestContext.Current.CancellationToken));
        Assert.Contains("ConnectionStrings:redis", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_StreamNotAJobQueue_FailsWithReason()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var metric = new MetricSpec { Type = MetricType.QueueBacklog, Queue = new QueueSource { Stream = "orders", ConsumerGroup = "g" } };
        var ex = await Assert.ThrowsAsync<MetricUnavailableException>(() => new QueueMetricSource(services).ReadAsync(metric, TestContext.Current.CancellationToken));
        Assert.Contains("<prefix>:jobs", ex.Message, StringComparison.Ordinal);
    }

    private static async Task EnqueueAsync(JobQueue queue, int count, CancellationToken ct)
    {
        for (var i = 0; i < count; i++)
        {
            await queue.EnqueueAsync(new EnqueueRequest { JobId = Guid.NewGuid().ToString("N"), Payload = "{}"u8.ToArray() }, ct);
        }
    }
}
