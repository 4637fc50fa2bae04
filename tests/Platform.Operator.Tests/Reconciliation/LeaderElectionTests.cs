using Platform.Kubernetes;
using Platform.Kubernetes.Models;
using Platform.Operator.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>Two operator instances: only the Lease holder reconciles and writes; a graceful stop hands over at once.</summary>
public sealed class LeaderElectionTests
{
    [Fact]
    public async Task Reconcile_TwoInstances_OnlyTheLeaderWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("workers", null, ct);
        var a = await cluster.StartOperatorAsync("operator-a", ct);
        var b = await cluster.StartOperatorAsync("operator-b", ct);

        var leader = await Eventually.ReturnsAsync(() => HolderAsync(cluster, ct), h => h is "operator-a" or "operator-b", "a leader", cancellationToken: ct);
        await cluster.PushBacklogAsync(24, ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 3, "scale up to 3", cancellationToken: ct);
        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("workers", ct)).Status?.DesiredReplicas == 3, "status", cancellationToken: ct);

        var writers = OperatorWrites(cluster).Select(r => r.UserAgent).Distinct().ToList();
        Assert.Equal([leader], writers);

        // The leader stops gracefully and releases the lease: the other takes over and acts on new load.
        var follower = leader == "operator-a" ? "operator-b" : "operator-a";
        await (leader == "operator-a" ? a : b).StopAsync();
        await Eventually.ReturnsAsync(() => HolderAsync(cluster, ct), h => h == follower, "the follower leads", cancellationToken: ct);
        await cluster.PushBacklogAsync(16, ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 5, "the new leader scales to 5", cancellationToken: ct);
        Assert.Contains(OperatorWrites(cluster), r => r.UserAgent == follower && r.Path.EndsWith("/scale", StringComparison.Ordinal));
    }

    private static async Task<string?> HolderAsync(ClusterFixture cluster, CancellationToken ct)
    {
        try
        {
            var lease = await cluster.Client.GetAsync<V1Lease>(ResourceDescriptor.Leases, ClusterFixture.Namespace, "llm-platform-operator", ct);
            return lease.Spec?.HolderIdentity;
        }
        catch (KubernetesException)
        {
            return null;
        }
    }

    /// <summary>Writes other than the election itself (scale, status, events).</summary>
    private static IEnumerable<Platform.Kubernetes.Testing.RecordedRequest> OperatorWrites(ClusterFixture cluster) =>
        cluster.Server.Requests.Where(r => r.IsWrite && r.UserAgent is "operator-a" or "operator-b" && !r.Path.Contains("/leases", StringComparison.Ordinal));
}
