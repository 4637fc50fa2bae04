using Platform.Kubernetes;
using Platform.Operator.Kubernetes;
using Platform.Operator.Tests.Infrastructure;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>Injected API faults (500, 409, dropped watches, 410 Gone) and a Redis outage are survived and the operator converges.</summary>
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task Reconcile_ApiFaultsAndRedisOutage_Converges()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("workers", null, ct);
        await cluster.StartOperatorAsync("operator-a", ct);
        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("workers", ct)).Status?.LastDecision is not null, "a first decision", cancellationToken: ct);

        // The first two scale patches fail with 500 and the next two status writes with 409: the scale still happens.
        cluster.Server.FailNext((method, path) => method == "PATCH" && path.EndsWith("/scale", StringComparison.Ordinal), 500, count: 2);
        cluster.Server.FailNext((method, path) => method == "PATCH" && path.EndsWith("/workers/status", StringComparison.Ordinal), 409, count: 2);
        await cluster.PushBacklogAsync(24, ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 3, "scale up to 3 despite 500s", cancellationToken: ct);
        Assert.Equal(2, cluster.ScalePatches().Count(r => r.StatusCode == 500));
        var events = await Eventually.ReturnsAsync(() => cluster.EventsAsync(ct), e => e.Any(x => x.Reason == "ScaledUp"), "ScaledUp", cancellationToken: ct);
        Assert.Contains(events, e => e.Reason == "FailedRescale" && e.Type == "Warning");
        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("workers", ct)).Status?.DesiredReplicas == 3, "status written after 409s", cancellationToken: ct);

        // Watches dropped and history compacted (the resume gets 410 Gone): a spec change is still seen after the relist.
        cluster.Server.CompactHistory();
        cluster.Server.DropWatches();
        await cluster.Client.PatchAsync<ScalePolicyResource>(ScalePolicyResource.Descriptor, ClusterFixture.Namespace, "workers",
            KubernetesPatch.Merge(new { spec = new { maxReplicas = 2 } }), ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 2, "clamped to the new max 2", cancellationToken: ct);

        // Redis down: metrics unavailable, said in status and a Warning event; no scale-down meanwhile.
        await cluster.RedisServer.StopAsync();
        var down = await Eventually.ReturnsAsync(() => cluster.GetPolicyAsync("workers", ct),
            p => p.Status?.Conditions.Any(c => c.Type == ScalePolicyCondition.MetricsAvailable && c.Status == "False") == true, "MetricsAvailable False", cancellationToken: ct);
        Assert.Equal(2, down.Status!.DesiredReplicas);
        Assert.Contains(await cluster.EventsAsync(ct), e => e.Reason == "FailedGetMetrics" && e.Type == "Warning");

        // Redis back (its AOF kept the backlog), then drained: metrics available again and back to min.
        await cluster.RedisServer.StartAsync(ct);
        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("workers", ct)).Status?.Conditions
            .Any(c => c.Type == ScalePolicyCondition.MetricsAvailable && c.Status == "True") == true, "MetricsAvailable True", cancellationToken: ct);
        await cluster.DrainAsync(ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 1, "scale down to 1 after the outage", cancellationToken: ct);
    }
}
