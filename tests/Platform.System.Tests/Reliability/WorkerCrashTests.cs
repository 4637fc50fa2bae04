using System.Diagnostics;
using System.Globalization;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Jobs through the gateway while worker processes are SIGKILLed at random every few seconds and replaced by a
/// new worker: every accepted job completes, none is dead-lettered, and the number that ran more than once
/// (the price of at-least-once delivery) is reported. Short form 1,000 jobs; soak (<c>PLATFORM_SOAK=1</c>) 10,000.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class WorkerCrashTests(RedisServerFixture redis)
{
    private const int Workers = 3;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WorkersKilledAtRandom_EveryAcceptedJobCompletes()
    {
        var jobCount = SoakMode.Pick(1_000, 10_000);
        var killEvery = TimeSpan.FromSeconds(SoakMode.Pick(2.5, 4.0));
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Common =
            {
                // A killed worker's jobs are reclaimed after this; attempts are plenty so none is dead-lettered by kills alone.
                ["Jobs:VisibilityTimeout"] = "00:00:02",
                ["Jobs:MaxAttempts"] = "10",
            },
            Worker =
            {
                ["Worker:Concurrency"] = "8",
                // About 340 ms a job, 24 at a time: the short form lasts about 15 s, long enough for several kills.
                ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.300",
                ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.010",
            },
        }, workers: Workers, Ct);
        await run.WaitForWorkersAsync(Workers, Ct);
        var clock = Stopwatch.StartNew();

        // Submitting and killing run side by side: kills land while jobs are both arriving and running.
        using var stopKilling = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var live = Enumerable.Range(0, Workers).Select(i => run.Workers[i]).ToArray();
        var killer = KillAtRandomAsync(run, live, killEvery, stopKilling.Token);
        var ids = await run.Client.SubmitJobsAsync(jobCount, "sim-small", maxTokens: 4, parallelism: 16, Ct);
        var submitted = clock.Elapsed;

        // Keep killing until most jobs are done, so that crashes also hit the tail of the run.
        for (var i = 0; i < 2_400 && (await run.Queue.GetStatisticsAsync(Ct)).Completed < jobCount * 9 / 10; i++)
        {
            await Task.Delay(100, Ct);
        }

        await stopKilling.CancelAsync();
        var kills = await killer;
        var jobs = await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(SoakMode.Pick(120, 600)), Ct);

        var notSucceeded = jobs.Values.Where(j => j.GetProperty("status").GetString() != "succeeded").ToList();
        Assert.True(notSucceeded.Count == 0, $"{notSucceeded.Count} jobs did not succeed, e.g. {notSucceeded.FirstOrDefault()}");
        Assert.Equal(jobCount, jobs.Count);
        Assert.True(kills >= SoakMode.Pick(3, 10), $"only {kills} kills happened");
        var statistics = await run.Queue.GetStatisticsAsync(Ct);
        Assert.Equal(jobCount, statistics.Completed);
        Assert.Equal(0, statistics.Outstanding);
        Assert.Equal(0, statistics.DeadLettered);

        var attempts = jobs.Values.Select(j => j.GetProperty("attempts").GetInt32()).ToList();
        var repeated = attempts.Count(a => a > 1);
        SoakMode.Report("worker-crashes", string.Create(CultureInfo.InvariantCulture,
            $"{jobCount} jobs, {Workers} workers x 8, {kills} SIGKILLs every ~{killEvery.TotalSeconds:0.0} s; all succeeded; ran more than once: {repeated} ({100.0 * repeated / jobCount:0.00} %), max attempts {attempts.Max()}; submitted in {submitted.TotalSeconds:0.0} s, done in {clock.Elapsed.TotalSeconds:0.0} s"));
    }

    /// <summary>Kills a random live worker every <paramref name="every"/> and starts a replacement under a new name; returns the number of kills.</summary>
    private static async Task<int> KillAtRandomAsync(PlatformRun run, ServiceProcess[] live, TimeSpan every, CancellationToken cancellationToken)
    {
        var random = new Random(11);
        var kills = 0;
        try
        {
            while (kills < 1_000)
            {
                await Task.Delay(every, cancellationToken);
                var slot = random.Next(live.Length);
                var victim = live[slot];
                victim.Kill();
                await victim.WaitForExitAsync(TimeSpan.FromSeconds(10));
                kills++;
                // A replacement under a new name, as a Deployment's new pod: the dead one's jobs come back only by reclaim.
                live[slot] = await run.StartWorkerAsync($"{victim.Name}-r{kills.ToString(CultureInfo.InvariantCulture)}", null, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done killing.
        }

        return kills;
    }
}
