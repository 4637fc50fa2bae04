using System.Diagnostics;
using System.Globalization;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Three times the workers' capacity offered at a fixed rate (open loop), half synchronous completions, half
/// jobs: the gateway sheds the excess with 429/503 and Retry-After and never answers a 5xx of its own; accepted
/// requests keep a bounded latency (the backlog limit bounds the queue wait); the gateway's resident memory
/// stays bounded; every accepted job completes. Short form 10 s; soak one minute.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OverloadTests(RedisServerFixture redis)
{
    private const int Workers = 2;
    private const int Concurrency = 2;
    private const int MaxBacklog = 30;

    /// <summary>About 240 ms a job: 200 ms to the first token, 10 ms for each of 4 tokens.</summary>
    private static readonly TimeSpan JobTime = TimeSpan.FromMilliseconds(240);

    /// <summary>What an accepted synchronous completion may take: the backlog's wait at capacity, with wide room for a busy machine.</summary>
    private static readonly TimeSpan LatencyBound = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThreeTimesCapacity_ShedsWithRetryAfter_AcceptedStayBounded()
    {
        var duration = TimeSpan.FromSeconds(SoakMode.Pick(10, 60));
        var capacity = Workers * Concurrency / JobTime.TotalSeconds;
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Gateway =
            {
                ["Gateway:MaxQueueBacklog"] = MaxBacklog.ToString(CultureInfo.InvariantCulture),
                ["Gateway:BacklogRefreshInterval"] = "00:00:00.100",
                ["Gateway:BackpressureRetryAfter"] = "00:00:01",
                ["Gateway:SyncTimeout"] = "00:01:00",
            },
            Worker =
            {
                ["Worker:Concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
                ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.200",
                ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.010",
            },
        }, workers: Workers, Ct);
        await run.WaitForWorkersAsync(Workers, Ct);
        var clock = Stopwatch.StartNew();
        using var load = new LoadLoop(run.Gateway.BaseAddress, run.ApiKey, clock, TimeSpan.FromSeconds(90));

        // Warm up (JIT, connections) at capacity, then take the memory baseline.
        await load.RunOpenAsync(i => "v1/jobs", capacity / 2, TimeSpan.FromSeconds(2), 100, Ct);
        await WaitForIdleAsync(run);
        var rssBefore = ProcessMemory.ResidentBytes(run.Gateway.Id);
        var warmUp = load.Submissions.Count;

        var started = clock.Elapsed.TotalSeconds;
        await load.RunOpenAsync(i => i % 2 == 0 ? "v1/chat/completions" : "v1/jobs", 3 * capacity, duration, 400, Ct);
        var rssAfter = ProcessMemory.ResidentBytes(run.Gateway.Id);
        var overload = load.Submissions.Skip(warmUp).ToList();

        // Statuses: served, accepted or shed; nothing else (no 500/502/504, no hang, no client-side cap).
        var byStatus = overload.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        var wrong = overload.Where(s => s.Status is not (200 or 202 or 429 or 503)).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} unexpected answers, e.g. {wrong.FirstOrDefault()}\n{run.Gateway.Tail(20)}");
        var shed = overload.Where(s => s.Status is 429 or 503).ToList();
        Assert.True(shed.Count > overload.Count / 4, $"only {shed.Count} of {overload.Count} were shed at 3x capacity");
        Assert.All(shed, s => Assert.True(s.RetryAfter is not null && s.Detail == "queue_full", s.ToString()));
        var served = overload.Where(s => s.Status == 200).Select(s => s.Latency).Order().ToList();
        Assert.NotEmpty(served);
        Assert.True(served[^1] < LatencyBound, $"an accepted completion took {served[^1]}");
        Assert.True(rssAfter < 2 * rssBefore + (64L << 20), $"gateway RSS grew from {rssBefore >> 20} MiB to {rssAfter >> 20} MiB");

        // Every job accepted during the overload completes.
        var accepted = overload.Where(s => s.Status == 202).Select(s => s.JobId!).ToList();
        var jobs = await run.Client.WaitForJobsAsync(accepted, TimeSpan.FromSeconds(SoakMode.Pick(60, 180)), Ct);
        Assert.All(jobs.Values, j => Assert.Equal("succeeded", j.GetProperty("status").GetString()));
        var finished = clock.Elapsed.TotalSeconds;

        var completed = (await run.Queue.GetStatisticsAsync(Ct)).Completed;
        SoakMode.Report("overload", string.Create(CultureInfo.InvariantCulture,
            $"{duration.TotalSeconds:0} s at {3 * capacity:0.0} req/s (3 x {capacity:0.0}); {overload.Count} requests: {string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}; " +
            $"served p50 {Percentile(served, 0.5):0.00} s, p99 {Percentile(served, 0.99):0.00} s, max {served[^1].TotalSeconds:0.00} s; " +
            $"202 p99 {Percentile([.. overload.Where(s => s.Status == 202).Select(s => s.Latency).Order()], 0.99):0.000} s; shed p99 {Percentile([.. shed.Select(s => s.Latency).Order()], 0.99):0.000} s; " +
            $"completed {completed} jobs in {finished - started:0} s; gateway RSS {rssBefore >> 20} -> {rssAfter >> 20} MiB"));
    }

    private static double Percentile(List<TimeSpan> sorted, double quantile) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(quantile * sorted.Count))].TotalSeconds;

    private static async Task WaitForIdleAsync(PlatformRun run)
    {
        for (var i = 0; i < 300 && (await run.Queue.GetStatisticsAsync(Ct)).Outstanding > 0; i++)
        {
            await Task.Delay(100, Ct);
        }
    }
}
