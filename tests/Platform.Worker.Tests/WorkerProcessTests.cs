using Platform.Jobs;
using Platform.Redis;
using Platform.Testing;

namespace Platform.Worker.Tests;

/// <summary>Workers as real processes against a real redis-server: volume, SIGKILL and SIGTERM.</summary>
[Collection(RedisCollection.Name)]
public sealed class WorkerProcessTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = "p" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<WorkerProcess> _workers = [];
    private RedisConnection _connection = null!;
    private JobQueue _queue = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _connection = await redis.ConnectAsync(cancellationToken: Ct);
        _queue = new JobQueue(_connection, Microsoft.Extensions.Options.Options.Create(new JobQueueOptions { KeyPrefix = _prefix }));
        await _queue.EnsureCreatedAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private WorkerProcess StartWorker(string name, Dictionary<string, string?>? extra = null)
    {
        var settings = WorkerSettings.Fast(redis.ConnectionString, _prefix);
        settings["Worker:ConsumerName"] = name;
        settings["Jobs:VisibilityTimeout"] = "00:00:02";
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var worker = WorkerProcess.Start(settings);
        _workers.Add(worker);
        return worker;
    }

    private async Task WaitForWorkersAsync(int count)
    {
        for (var i = 0; i < 300 && (await _queue.GetWorkersAsync(Ct)).Count < count; i++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True((await _queue.GetWorkersAsync(Ct)).Count >= count, "workers did not report: " + string.Join("\n", _workers.Select(w => w.Output)));
    }

    private async Task EnqueueAsync(int count)
    {
        for (var batch = 0; batch < count; batch += 100)
        {
            await Task.WhenAll(Enumerable.Range(batch, Math.Min(100, count - batch))
                .Select(i => _queue.EnqueueAsync(WorkerSettings.Job("job-" + i, maxTokens: 4), Ct)));
        }
    }

    private async Task<QueueStatistics> WaitForCompletedAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var statistics = await _queue.GetStatisticsAsync(Ct);
        while (statistics.Completed < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
            statistics = await _queue.GetStatisticsAsync(Ct);
        }

        return statistics;
    }

    private async Task AssertEverySucceededOnceAsync(int count)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, count).Select(i => _queue.GetAsync("job-" + i, Ct)));
        Assert.All(statuses, info => Assert.Equal(JobStatus.Succeeded, info!.Status));
        var statistics = await _queue.GetStatisticsAsync(Ct);
        Assert.Equal(count, statistics.Completed);
        Assert.Equal(0, statistics.Outstanding);
        Assert.Equal(0, statistics.DeadLettered);
    }

    [Fact]
    public async Task TwoWorkers_ThousandJobs_EachSucceedsExactlyOnce()
    {
        StartWorker("w1", new() { ["Worker:Concurrency"] = "16" });
        StartWorker("w2", new() { ["Worker:Concurrency"] = "16" });
        await WaitForWorkersAsync(2);

        await EnqueueAsync(1000);
        var statistics = await WaitForCompletedAsync(1000, TimeSpan.FromSeconds(60));

        Assert.Equal(1000, statistics.Completed);
        await AssertEverySucceededOnceAsync(1000);
        await Task.Delay(500, Ct);
        var workers = await _queue.GetWorkersAsync(Ct);
        Assert.All(workers, w => Assert.True(w.Completed > 0, $"{w.WorkerId} completed nothing"));
        Assert.Equal(1000, workers.Sum(w => w.Completed));
    }

    [Fact]
    public async Task WorkerKilledMidRun_EveryJobStillCompletes()
    {
        // About 60 ms a job, 8 at a time per worker: the run lasts long enough to kill a worker with jobs in flight.
        var slow = new Dictionary<string, string?>
        {
            ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.040",
            ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.005",
        };
        var victim = StartWorker("victim", slow);
        StartWorker("survivor", slow);
        await WaitForWorkersAsync(2);

        await EnqueueAsync(300);
        await WaitForCompletedAsync(60, TimeSpan.FromSeconds(30));
        victim.KillHard();
        var statistics = await WaitForCompletedAsync(300, TimeSpan.FromSeconds(60));

        Assert.Equal(300, statistics.Completed);
        await AssertEverySucceededOnceAsync(300);
    }

    [Fact]
    public async Task SigtermDuringLoad_InFlightJobsFinishAndNothingIsLost()
    {
        var slow = new Dictionary<string, string?>
        {
            ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.200",
            ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.020",
            ["Worker:ShutdownGracePeriod"] = "00:00:10",
            // A graceful drain needs no reclaim: a long visibility timeout keeps a slow, loaded machine from
            // handing live jobs to the other worker, which is what this test must not see.
            ["Jobs:VisibilityTimeout"] = "00:00:30",
        };
        var stopping = StartWorker("stopping", slow);
        StartWorker("staying", slow);
        await WaitForWorkersAsync(2);

        await EnqueueAsync(120);
        await WaitForCompletedAsync(20, TimeSpan.FromSeconds(30));
        stopping.Terminate();
        var exited = await stopping.WaitForExitAsync(TimeSpan.FromSeconds(15));
        var statistics = await WaitForCompletedAsync(120, TimeSpan.FromSeconds(60));

        Assert.True(exited, "the worker did not stop within its grace period");
        Assert.Equal(0, stopping.ExitCode);
        Assert.Contains("Draining:", stopping.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("abandon", stopping.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(120, statistics.Completed);
        await AssertEverySucceededOnceAsync(120);
    }
}
