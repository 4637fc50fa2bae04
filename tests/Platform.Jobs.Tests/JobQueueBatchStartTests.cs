using System.Text;
using Platform.Jobs;
using Platform.Testing;

namespace Platform.Jobs.Tests;

/// <summary>
/// A read or a reclaim starts every entry it delivers in one script call: each entry keeps its own outcome
/// (started, skipped, dead-lettered, acknowledged as foreign) whatever the others' are.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class JobQueueBatchStartTests(RedisServerFixture redis) : JobQueueTestBase(redis)
{
    private static EnqueueRequest Job(string id, JobPriority priority = JobPriority.Normal) => new()
    {
        JobId = id,
        Payload = Encoding.UTF8.GetBytes("payload-" + id),
        Priority = priority,
        Tenant = "acme",
        Model = "gpt-test",
    };

    [Fact]
    public async Task ReclaimAsync_SeveralEntriesOneCancelRequested_StartsTheOthersAndEndsThatOneCancelled()
    {
        var queue = await NewQueueAsync(o => o.VisibilityTimeout = TimeSpan.FromMilliseconds(200));
        foreach (var id in new[] { "a", "b", "c" })
        {
            await queue.EnqueueAsync(Job(id), Ct);
        }

        Assert.Equal(3, (await queue.ReadAsync("dying", 3, TimeSpan.Zero, Ct)).Count);
        Assert.Equal(CancelOutcome.CancellationRequested, await queue.CancelAsync("b", Ct));

        // The dying worker never reports; all three deliveries go idle together and are reclaimed in one batch.
        var reclaimed = await Eventually.ReturnsAsync(() => queue.ReclaimAsync("survivor", 10, Ct), l => l.Count > 0, "the idle deliveries reclaimed", cancellationToken: Ct);

        Assert.Equal(["a", "c"], reclaimed.Select(l => l.JobId).Order().ToArray());
        Assert.All(reclaimed, l => Assert.Equal(2, l.Attempt));
        Assert.Equal(["payload-a", "payload-c"], reclaimed.OrderBy(l => l.JobId).Select(l => Encoding.UTF8.GetString(l.Payload.Span)).ToArray());
        Assert.Equal(JobStatus.Cancelled, (await queue.GetAsync("b", Ct))!.Status);
        Assert.Equal(2, (await queue.GetAsync("a", Ct))!.Attempts);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((2L, 1L), (stats.Pending, stats.Cancelled));
    }

    [Fact]
    public async Task ReadAsync_SeveralEntriesOneJobGone_StartsTheOthersAndDropsThatEntry()
    {
        var queue = await NewQueueAsync();
        foreach (var id in new[] { "x1", "x2", "x3" })
        {
            await queue.EnqueueAsync(Job(id), Ct);
        }

        // The job's hash expired or was removed while its entry waited.
        await Connection.KeyDeleteAsync($"{queue.Options.KeyPrefix}:job:x2", Ct);

        var leases = await queue.ReadAsync("c1", 10, TimeSpan.Zero, Ct);

        Assert.Equal(["x1", "x3"], leases.Select(l => l.JobId).ToArray());
        Assert.All(leases, l => Assert.Equal((1, "acme", "gpt-test", JobPriority.Normal), (l.Attempt, l.Tenant, l.Model, l.Priority)));
        Assert.Equal(JobStatus.Running, (await queue.GetAsync("x3", Ct))!.Status);
        var stats = await queue.GetStatisticsAsync(Ct);
        Assert.Equal((0L, 2L), (stats.Backlog, stats.Pending));
    }

    [Fact]
    public async Task ReadAsync_SkippedEntryDoesNotUseUpCount_FillsFromTheNextPriority()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("n1"), Ct);
        await queue.EnqueueAsync(Job("n2"), Ct);
        await queue.EnqueueAsync(Job("l1", JobPriority.Low), Ct);
        await queue.EnqueueAsync(Job("l2", JobPriority.Low), Ct);
        await Connection.KeyDeleteAsync($"{queue.Options.KeyPrefix}:job:n1", Ct);

        var leases = await queue.ReadAsync("c1", 2, TimeSpan.Zero, Ct);
        var rest = await queue.ReadAsync("c1", 10, TimeSpan.Zero, Ct);

        Assert.Equal(["n2", "l1"], leases.Select(l => l.JobId).ToArray());
        Assert.Equal(JobPriority.Low, leases[1].Priority);
        Assert.Equal("l2", Assert.Single(rest).JobId);
    }

    [Fact]
    public async Task ReadAsync_ForeignEntryAmongJobs_AcknowledgesItAndStartsTheJobs()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("j1"), Ct);
        await Connection.ExecuteAsync("XADD", [queue.StreamName(JobPriority.Normal), "*", "something", "else"], Ct);
        await queue.EnqueueAsync(Job("j2"), Ct);

        var leases = await queue.ReadAsync("c1", 10, TimeSpan.Zero, Ct);

        Assert.Equal(["j1", "j2"], leases.Select(l => l.JobId).ToArray());
        Assert.Equal(2, (await queue.GetStatisticsAsync(Ct)).Pending);
    }

    [Fact]
    public async Task ReadAsync_BlockingReadOfSeveralPriorities_StartsWhatArrives()
    {
        var queue = await NewQueueAsync();
        var read = queue.ReadAsync("c1", 4, TimeSpan.FromSeconds(5), Ct);
        await Task.Delay(100, Ct);
        await queue.EnqueueAsync(Job("late", JobPriority.High), Ct);

        var lease = Assert.Single(await read);

        Assert.Equal(("late", 1, JobPriority.High), (lease.JobId, lease.Attempt, lease.Priority));
        Assert.True(await queue.CompleteAsync(lease, "ok"u8.ToArray(), null, Ct));
        Assert.Equal(JobStatus.Succeeded, (await queue.GetAsync("late", Ct))!.Status);
    }
}
