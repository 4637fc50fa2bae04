using System.Diagnostics;
using System.Globalization;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Redis (AOF, <c>appendfsync everysec</c>) stopped with SHUTDOWN and started again on the same port and data
/// directory while clients submit jobs: every job answered 202 completes, gateway and workers reconnect without
/// being restarted, and requests during the outage get a prompt 503 with Retry-After instead of hanging.
/// SHUTDOWN (not SIGKILL) because it fsyncs the AOF: the promise tested is "a 202 survives a Redis restart";
/// after a SIGKILL up to one second of acknowledged writes may be lost by design of everysec (docs/reliability.md).
/// </summary>
public sealed class RedisRestartTests
{
    /// <summary>Longer than any request may take during the outage: the client's own timeout, so a hang is seen as status 0.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The bound the outage's answers must keep: a few connect and command timeouts (1 s, 2 s) back to back, with room
    /// for a busy machine; well under the client's timeout, so a request waiting on the outage itself would fail it.
    /// </summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisStoppedAndRestarted_NoAcceptedJobLost_OutageAnswered503()
    {
        var outage = TimeSpan.FromSeconds(SoakMode.Pick(6, 20));
        var restarts = SoakMode.Pick(1, 3);
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            Common =
            {
                // Short timeouts make the outage's answers quick; the defaults (5 s) behave the same, only slower.
                ["ConnectionStrings:redis"] = redis.ConnectionString + ",connectTimeout=1000,commandTimeout=2000",
                ["Jobs:VisibilityTimeout"] = "00:00:03",
                ["Jobs:MaxAttempts"] = "10",
            },
            // Request logs would fill the captured output in the soak; errors are what a failure message needs.
            Gateway = { ["Logging:LogLevel:Microsoft.AspNetCore.Hosting"] = "Warning", ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Warning" },
            Worker = { ["Worker:Concurrency"] = "8" },
        }, workers: 2, Ct);
        await run.WaitForWorkersAsync(2, Ct);
        var processes = new[] { run.Gateway }.Concat(run.Workers).Select(p => p.Id).ToList();
        var clock = Stopwatch.StartNew();
        using var load = new LoadLoop(run.Gateway.BaseAddress, run.ApiKey, clock, ClientTimeout);
        using var stop = new CancellationTokenSource();
        var loops = load.RunClosedAsync("v1/jobs", loops: 8, TimeSpan.FromMilliseconds(50), stop.Token);

        var outages = new List<(double From, double To)>();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        for (var i = 0; i < restarts; i++)
        {
            var from = clock.Elapsed.TotalSeconds;
            await redis.StopAsync();
            await Task.Delay(outage, Ct);
            await redis.StartAsync(Ct);
            outages.Add((from, clock.Elapsed.TotalSeconds));
            await Task.Delay(TimeSpan.FromSeconds(SoakMode.Pick(5, 15)), Ct);
        }

        await stop.CancelAsync();
        await loops;
        var submissions = load.Submissions.ToList();
        var accepted = submissions.Where(s => s.Status == 202).Select(s => s.JobId!).ToList();
        var jobs = await run.Client.WaitForJobsAsync(accepted, TimeSpan.FromSeconds(SoakMode.Pick(90, 300)), Ct);

        // Every 202 completed: nothing acknowledged was lost with the restart.
        var lost = accepted.Where(id => jobs[id].GetProperty("status").GetString() != "succeeded").ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {accepted.Count} accepted jobs did not succeed, e.g. {(lost.Count > 0 ? jobs[lost[0]] : default)}");
        // Only two answers exist: accepted, or 503 with Retry-After; none hung.
        var others = submissions.Where(s => s.Status is not (202 or 503)).ToList();
        Assert.True(others.Count == 0, $"{others.Count} requests answered otherwise, e.g. {others.FirstOrDefault()}\n"
            + string.Join('\n', run.Gateway.Lines.Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)).Take(3)));
        var unavailable = submissions.Where(s => s.Status == 503).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, s => Assert.True(s.RetryAfter is not null && s.Detail == "service_unavailable", s.ToString()));
        var slowest = submissions.MaxBy(s => s.Latency)!;
        Assert.True(slowest.Latency < AnswerBound, $"a request took {slowest.Latency}: {slowest}");
        // The 503s fell in the outages, and requests were accepted again after each restart, by the same processes.
        Assert.All(outages, o => Assert.Contains(submissions, s => s.Status == 202 && s.SentAt > o.To));
        Assert.Equal(processes, new[] { run.Gateway }.Concat(run.Workers).Where(p => !p.HasExited).Select(p => p.Id).ToList());
        var statistics = await run.Queue.GetStatisticsAsync(Ct);
        Assert.Equal(0, statistics.Outstanding);

        SoakMode.Report("redis-restart", string.Create(CultureInfo.InvariantCulture,
            $"{restarts} SHUTDOWN/restart(s), {outage.TotalSeconds:0} s down each; {submissions.Count} requests: {accepted.Count} accepted (all succeeded), {unavailable.Count} answered 503 + Retry-After; slowest answer {slowest.Latency.TotalSeconds:0.00} s; attempts > 1: {jobs.Values.Count(j => j.GetProperty("attempts").GetInt32() > 1)}"));
    }
}
