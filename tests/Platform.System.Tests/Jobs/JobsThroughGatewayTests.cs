using System.Text.Json;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Jobs;

/// <summary>
/// Jobs through the gateway's <c>/v1/jobs</c> API and worker processes on a real redis-server: volume, a worker
/// SIGKILLed mid-run, a worker stopped with SIGTERM under load. The client only sees the HTTP API.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class JobsThroughGatewayTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThousandJobs_TwoWorkers_EverySucceedsExactlyOnce()
    {
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Worker = { ["Worker:Concurrency"] = "16" },
        }, workers: 2, Ct);
        await run.WaitForWorkersAsync(2, Ct);

        var ids = await run.Client.SubmitJobsAsync(1000, "sim-small", maxTokens: 4, parallelism: 32, Ct);
        var jobs = await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(90), Ct);

        Assert.Equal(1000, ids.Distinct().Count());
        AssertEverySucceeded(jobs, ids);
        var statistics = await run.Queue.GetStatisticsAsync(Ct);
        Assert.Equal(1000, statistics.Completed);
        Assert.Equal(0, statistics.Outstanding);
        Assert.Equal(0, statistics.DeadLettered);

        // Both workers took part, and together they completed each job once (heartbeats refresh every 200 ms).
        await Task.Delay(600, Ct);
        var workers = await run.Queue.GetWorkersAsync(Ct);
        Assert.Equal(2, workers.Count);
        Assert.All(workers, w => Assert.True(w.Completed > 0, $"{w.WorkerId} completed nothing"));
        Assert.Equal(1000, workers.Sum(w => w.Completed));
    }

    [Fact]
    public async Task WorkerKilledMidRun_NoJobIsLost()
    {
        // About 260 ms a job, 8 at a time per worker: the run lasts seconds, and the victim has jobs in flight when it is
        // killed. (Shorter jobs let a starved victim, on a loaded machine, finish everything it held between its last
        // heartbeat and the kill.)
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Common = { ["Jobs:VisibilityTimeout"] = "00:00:02" },
            Worker =
            {
                ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.250",
                ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.003",
            },
        }, workers: 2, Ct);
        await run.WaitForWorkersAsync(2, Ct);
        var victim = run.Workers[0];

        var ids = await run.Client.SubmitJobsAsync(300, "sim-small", maxTokens: 4, parallelism: 32, Ct);
        await WaitForCompletedAsync(run, 40);
        // Kill it while its heartbeat (every 200 ms) says it is running jobs.
        await Eventually.HoldsAsync(
            async () => (await run.Queue.GetWorkersAsync(Ct)).SingleOrDefault(w => w.WorkerId == victim.Name) is { InFlight: > 0 },
            "the victim's heartbeat showing jobs in flight",
            TimeSpan.FromSeconds(10),
            Ct);
        victim.Kill();
        Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the victim did not die");
        var jobs = await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(90), Ct);

        AssertEverySucceeded(jobs, ids);
        var statistics = await run.Queue.GetStatisticsAsync(Ct);
        Assert.Equal(300, statistics.Completed);
        Assert.Equal(0, statistics.Outstanding);
        // Some jobs ran a second attempt: the ones the victim held when it died.
        Assert.Contains(jobs.Values, j => j.GetProperty("attempts").GetInt32() > 1);
    }

    [Fact]
    public async Task SigtermDuringLoad_InFlightJobsFinishAndNothingIsLost()
    {
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Worker =
            {
                ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.200",
                ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.020",
                ["Worker:ShutdownGracePeriod"] = "00:00:10",
            },
        }, workers: 2, Ct);
        await run.WaitForWorkersAsync(2, Ct);
        var stopping = run.Workers[0];

        var ids = await run.Client.SubmitJobsAsync(120, "sim-small", maxTokens: 4, parallelism: 16, Ct);
        await WaitForCompletedAsync(run, 20);
        var stopped = await stopping.StopAsync(TimeSpan.FromSeconds(15));
        var jobs = await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(90), Ct);

        Assert.True(stopped, "the worker did not stop by itself within its grace period:\n" + stopping.Tail());
        Assert.Equal(0, stopping.ExitCode);
        Assert.Contains("Draining:", stopping.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("abandon", stopping.Output, StringComparison.OrdinalIgnoreCase);
        AssertEverySucceeded(jobs, ids);
        // Drained, not abandoned: every job ran exactly one attempt.
        Assert.All(jobs.Values, j => Assert.Equal(1, j.GetProperty("attempts").GetInt32()));
        var statistics = await run.Queue.GetStatisticsAsync(Ct);
        Assert.Equal(120, statistics.Completed);
        Assert.Equal(0, statistics.Outstanding);
    }

    private static void AssertEverySucceeded(Dictionary<string, JsonElement> jobs, string[] ids)
    {
        Assert.Equal(ids.Length, jobs.Count);
        Assert.All(ids, id =>
        {
            var job = jobs[id];
            Assert.True(job.GetProperty("status").GetString() == "succeeded", "job not succeeded: " + job);
            var result = job.GetProperty("result");
            Assert.Equal("chat.completion", result.GetProperty("object").GetString());
            Assert.Equal(4, result.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
            Assert.False(string.IsNullOrEmpty(result.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()));
            Assert.Equal(0, job.GetProperty("errors").GetArrayLength());
        });
    }

    private static async Task WaitForCompletedAsync(PlatformRun run, long count)
    {
        for (var i = 0; i < 300 && (await run.Queue.GetStatisticsAsync(Ct)).Completed < count; i++)
        {
            await Task.Delay(50, Ct);
        }
    }
}
