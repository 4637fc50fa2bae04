using System.Collections.Concurrent;
using Platform.Operator.Tests.Infrastructure;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>
/// Issue 11, "operator under faults": under a steady load, a long sequence of API errors, conflicts, dropped
/// watches, expired resourceVersions and metric-source outages must not move the replicas at all (no flapping,
/// bounds never crossed), and the operator must still scale both ways once the faults stop.
/// </summary>
public sealed class FlappingTests
{
    [Fact]
    public async Task Reconcile_RepeatedFaultsUnderSteadyLoad_NeverFlapsNorCrossesBoundsAndScalesAfterRecovery()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("workers", spec => spec.MaxReplicas = 4, ct);
        // The backlog is in place before the operator starts: pushed while it runs, a slow machine lets it see part of
        // the backlog and scale in two steps, and this test counts scale patches.
        await cluster.PushBacklogAsync(24, ct);
        await cluster.StartOperatorAsync("operator-a", ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 3, "scale up to 3 for 24 jobs", cancellationToken: ct);
        // The server records a request once it has answered it; the one scale patch so far is 1 → 3.
        var patchesBeforeFaults = await Eventually.ReturnsAsync(() => Task.FromResult(AcceptedScalePatches(cluster)), n => n == 1, "the scale patch recorded", cancellationToken: ct);

        // Watch the Deployment's replicas ten times a second for the whole fault sequence.
        var seen = new ConcurrentQueue<int>();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var watcher = SampleAsync(() => cluster.ReplicasAsync(watching.Token), seen, watching.Token);

        // Ten rounds, each a fault production sees, with three evaluation intervals (1.5 s) after it.
        Action[] faults =
        [
            () => cluster.Server.FailNext((method, path) => method == "PATCH" && path.EndsWith("/scale", StringComparison.Ordinal), 500, count: 5),
            () => cluster.Server.FailNext((method, path) => method == "PATCH" && path.EndsWith("/workers/status", StringComparison.Ordinal), 409, count: 5),
            () => cluster.Server.FailNext((method, _) => method == "GET", 500, count: 20),
            () => cluster.Server.FailNext((method, _) => method == "GET", 503, count: 20, rawBody: "<html>upstream connect error</html>"),
            () =>
            {
                cluster.Server.CompactHistory();
                cluster.Server.DropWatches();
            },
        ];
        for (var round = 0; round < 10; round++)
        {
            if (round % 4 == 3)
            {
                // A metric-source outage: Redis stopped for 1.5 s (its AOF keeps the backlog).
                await cluster.RedisServer.StopAsync();
                await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
                await cluster.RedisServer.StartAsync(ct);
            }
            else
            {
                faults[round % faults.Length]();
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        }

        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("workers", ct)).Status?.Conditions
            .Any(c => c.Type == ScalePolicyCondition.MetricsAvailable && c.Status == "True") == true, "MetricsAvailable True after the last outage", cancellationToken: ct);
        await watching.CancelAsync();
        await watcher;

        // Not one scale change while the load stayed the same, whatever failed.
        Assert.NotEmpty(seen);
        Assert.All(seen, replicas => Assert.Equal(3, replicas));
        Assert.Equal(patchesBeforeFaults, AcceptedScalePatches(cluster));
        Assert.DoesNotContain(await cluster.EventsAsync(ct), e => e.Reason == "ScaledDown");

        output?.WriteLine($"fault sequence over at {clock.Elapsed.TotalSeconds:0.0} s, {seen.Count} samples, all 3 replicas");

        // Still reconciling both ways: more load goes to the max and no further, a drained queue back to the min.
        await cluster.PushBacklogAsync(40, ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 4, "scale up to the max 4", cancellationToken: ct);
        await cluster.DrainAsync(ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 1, "scale down to the min 1", cancellationToken: ct);
        output?.WriteLine($"scaled up to the max and back to the min by {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static int AcceptedScalePatches(ClusterFixture cluster) => cluster.ScalePatches().Count(r => r.StatusCode is >= 200 and < 300);

    private static async Task SampleAsync(Func<Task<int>> read, ConcurrentQueue<int> seen, CancellationToken cancellationToken)
    {
        // Bounded: at most two minutes of samples.
        for (var i = 0; i < 1200 && !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                seen.Enqueue(await read());
                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Platform.Kubernetes.KubernetesException)
            {
                // The injected GET faults hit this sampler's reads too (the server cannot tell clients apart for them).
            }
        }
    }
}
