using System.Text.Json;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Resilience;

/// <summary>
/// Failure injection in the simulated provider, seen through the gateway: a 429 with Retry-After is waited out
/// (in the worker and by the queue's retry schedule), a provider that keeps failing ends dead-lettered with its
/// attempts recorded, and an open circuit hands the calls to the fallback model.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ProviderFailureTests(RedisServerFixture redis)
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromMilliseconds(700);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProviderAlwaysRateLimited_RetriesWaitForRetryAfter_ThenDeadLetteredWithAttempts()
    {
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Models = ["sim-small", "sim-throttled"],
            Common = { ["Jobs:MaxAttempts"] = "3" },
            Worker =
            {
                // One in-process retry (it sleeps the Retry-After), then the queue's schedule (at least the Retry-After).
                ["Worker:InProcessRetries"] = "1",
                ["Worker:Providers:throttled:Type"] = "Simulated",
                ["Worker:Providers:throttled:Simulated:RateLimitFraction"] = "1",
                ["Worker:Providers:throttled:Simulated:RetryAfter"] = "00:00:00.700",
                ["Worker:Models:sim-throttled:Provider"] = "throttled",
            },
        }, workers: 1, Ct);
        await run.WaitForWorkersAsync(1, Ct);

        var id = await run.Client.SubmitJobAsync("sim-throttled", "Hello", maxTokens: 4, Ct);
        var job = (await run.Client.WaitForJobsAsync([id], TimeSpan.FromSeconds(30), Ct))[id];

        Assert.Equal("dead_lettered", job.GetProperty("status").GetString());
        Assert.Equal(3, job.GetProperty("attempts").GetInt32());
        var errors = job.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], errors.Select(e => e.GetProperty("attempt").GetInt32()));
        Assert.All(errors, e => Assert.Equal("rate_limited", e.GetProperty("code").GetString()));
        // Each attempt after the first waited the Retry-After twice: once in the worker, once in the queue.
        var times = errors.Select(e => e.GetProperty("at").GetDouble()).ToList();
        for (var i = 1; i < times.Count; i++)
        {
            Assert.True(times[i] - times[i - 1] >= 2 * RetryAfter.TotalSeconds - 0.01,
                $"attempt {i + 1} failed {times[i] - times[i - 1]:F3} s after attempt {i}: the Retry-After was not waited");
        }

        Assert.Equal(JsonValueKind.Object, job.GetProperty("error").ValueKind);
        Assert.Equal(1, (await run.Queue.GetStatisticsAsync(Ct)).DeadLetterLength);
    }

    [Fact]
    public async Task ProviderKeepsFailing_BreakerOpensAndFallbackModelServes()
    {
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Models = ["sim-small", "sim-broken"],
            Worker =
            {
                ["Worker:InProcessRetries"] = "0",
                ["Worker:Providers:broken:Type"] = "Simulated",
                ["Worker:Providers:broken:Simulated:ServerErrorFraction"] = "1",
                ["Worker:Providers:broken:Resilience:BreakerMinimumThroughput"] = "2",
                ["Worker:Providers:broken:Resilience:BreakerFailureRatio"] = "0.5",
                ["Worker:Providers:broken:Resilience:BreakerBreakDuration"] = "00:01:00",
                ["Worker:Models:sim-broken:Provider"] = "broken",
                ["Worker:Models:sim-broken:FallbackModel"] = "sim-small",
            },
        }, workers: 1, Ct);
        await run.WaitForWorkersAsync(1, Ct);

        // One after the other, so that the breaker has seen the failures before the later calls.
        var jobs = new List<JsonElement>();
        for (var i = 0; i < 6; i++)
        {
            var id = await run.Client.SubmitJobAsync("sim-broken", "Hello " + i, maxTokens: 4, Ct);
            jobs.Add((await run.Client.WaitForJobsAsync([id], TimeSpan.FromSeconds(30), Ct))[id]);
        }

        // Every job succeeded at its first attempt, served by the fallback.
        Assert.All(jobs, job =>
        {
            Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());
            Assert.Equal(1, job.GetProperty("attempts").GetInt32());
            Assert.Equal("sim-small", job.GetProperty("result").GetProperty("model").GetString());
        });
        var output = run.Workers[0].Output;
        Assert.Contains("failed with server_error; falling back to sim-small", output, StringComparison.Ordinal);
        // The breaker opened: later calls did not reach the broken provider at all.
        Assert.Contains("failed with circuit_open; falling back to sim-small", output, StringComparison.Ordinal);
    }
}
