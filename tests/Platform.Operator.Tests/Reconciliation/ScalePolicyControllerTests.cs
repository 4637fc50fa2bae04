using Platform.Operator.Tests.Infrastructure;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>The operator in cluster mode against the test API server and a real redis-server (500 ms evaluation interval).</summary>
public sealed class ScalePolicyControllerTests
{
    [Fact]
    public async Task Reconcile_BacklogThenDrain_ScalesUpThenDownAfterStabilizationWithinBounds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("workers", null, ct);

        // 24 jobs at 8 per replica: 3 replicas. Then 200 jobs would need 25: clamped to max 5. The first backlog is in
        // place before the operator starts, so that its first decision sees all 24 (pushed while it runs, a slow
        // machine lets it decide on part of them) and the event and reason checked below are deterministic.
        await cluster.PushBacklogAsync(24, ct);
        await cluster.StartOperatorAsync("operator-a", ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 3, "scale up to 3", cancellationToken: ct);
        var status = (await Eventually.ReturnsAsync(() => cluster.GetPolicyAsync("workers", ct), p => p.Status?.DesiredReplicas == 3, "status desired 3", cancellationToken: ct)).Status!;
        Assert.Contains("24", status.LastDecision!.Reason, StringComparison.Ordinal);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == ScalePolicyCondition.Ready).Status);
        Assert.Equal("True", status.Conditions.Single(c => c.Type == ScalePolicyCondition.MetricsAvailable).Status);
        Assert.NotNull(status.LastScaleTime);

        await cluster.PushBacklogAsync(176, ct);
        var limited = await Eventually.ReturnsAsync(() => cluster.GetPolicyAsync("workers", ct),
            p => p.Status?.Conditions.Any(c => c.Type == ScalePolicyCondition.ScalingLimited && c.Status == "True") == true, "ScalingLimited", cancellationToken: ct);
        Assert.Equal("TooManyReplicas", limited.Status!.Conditions.Single(c => c.Type == ScalePolicyCondition.ScalingLimited).Reason);
        Assert.Equal(5, await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 5, "scale up to max 5", cancellationToken: ct));

        // Drained: back to min 1 once the 2 s scale-down stabilization window has passed.
        await cluster.DrainAsync(ct);
        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 1, "scale down to 1", cancellationToken: ct);

        // The operator records the event just after the scale it reports.
        var events = await Eventually.ReturnsAsync(() => cluster.EventsAsync(ct), e => e.Any(x => x.Reason == "ScaledDown" && x.Note!.Contains("-> 1:", StringComparison.Ordinal)), "the ScaledDown event to 1", cancellationToken: ct);
        Assert.Contains(events, e => e.Reason == "ScaledUp" && e.Note!.StartsWith("1 -> 3:", StringComparison.Ordinal) && e.Regarding!.Name == "workers");
        Assert.Contains(events, e => e.Reason == "ScaledDown" && e.Note!.Contains("-> 1:", StringComparison.Ordinal) && e.Type == "Normal");
        Assert.All(events.Where(e => e.Reason is "ScaledUp" or "ScaledDown"), e =>
        {
            var to = int.Parse(e.Note!.Split(':')[0].Split("->")[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(to, 1, 5);
        });
    }

    [Fact]
    public async Task Reconcile_InvalidPolicy_IsReportedAndIgnored()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 2, ct);
        await cluster.CreatePolicyAsync("broken", spec => { spec.MinReplicas = 6; spec.MaxReplicas = 3; }, ct);
        await cluster.PushBacklogAsync(80, ct);
        await cluster.StartOperatorAsync("operator-a", ct);

        var policy = await Eventually.ReturnsAsync(() => cluster.GetPolicyAsync("broken", ct), p => p.Status is not null, "a status", cancellationToken: ct);
        var ready = policy.Status!.Conditions.Single(c => c.Type == ScalePolicyCondition.Ready);
        Assert.Equal("False", ready.Status);
        Assert.Equal("InvalidSpec", ready.Reason);
        Assert.Contains("maxReplicas", ready.Message, StringComparison.Ordinal);
        var warning = await Eventually.ReturnsAsync(() => cluster.EventsAsync(ct), e => e.Any(x => x.Reason == "InvalidPolicy"), "an InvalidPolicy event", cancellationToken: ct);
        Assert.Equal("Warning", warning.Single(x => x.Reason == "InvalidPolicy").Type);

        await Task.Delay(1500, ct);
        Assert.Empty(cluster.ScalePatches());
        Assert.Equal(2, await cluster.ReplicasAsync(ct));
    }

    [Fact]
    public async Task Reconcile_PreviewPolicy_RecordsDecisionButNeverPatches()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("shadow", spec => spec.Preview = true, ct);
        await cluster.PushBacklogAsync(32, ct);
        await cluster.StartOperatorAsync("operator-a", ct);

        var policy = await Eventually.ReturnsAsync(() => cluster.GetPolicyAsync("shadow", ct), p => p.Status?.DesiredReplicas == 4, "preview desired 4", cancellationToken: ct);
        Assert.True(policy.Status!.LastDecision!.Preview);
        Assert.Equal(1, policy.Status.CurrentReplicas);
        Assert.Equal("Preview", policy.Status.Conditions.Single(c => c.Type == ScalePolicyCondition.AbleToScale).Reason);

        await Task.Delay(1500, ct);
        Assert.Empty(cluster.ScalePatches());
        Assert.Equal(1, await cluster.ReplicasAsync(ct));
        Assert.DoesNotContain(await cluster.EventsAsync(ct), e => e.Reason == "ScaledUp");
    }
}
