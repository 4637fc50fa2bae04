using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Decisions;

public sealed class ScalePolicyStatusCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Alpha1ScalePolicy.PolicySpec Spec() => new()
    {
        TargetRef = new() { Name = "w" },
        MaxReplicas = 5,
        Metrics = [new MetricSpec { Type = MetricType.QueueBacklog, Queue = new() { Stream = "s", ConsumerGroup = "g" }, TargetPerReplica = 10 }],
    };

    private static ScaleDecision Decide(V1Alpha1ScalePolicy.PolicySpec spec, DateTimeOffset now, double? backlog) =>
        ScalingCalculator.Decide(new ScalingSnapshot
        {
            Policy = spec,
            Now = now,
            CurrentReplicas = 2,
            Metrics = [backlog is { } b ? MetricWindow.Of(now, b) : MetricWindow.FailedAt(now)],
        }, ScalingState.Empty with { LastScaleTime = now.AddHours(-1) });

    [Fact]
    public void Next_ClampedByMax_SetsScalingLimitedTooManyReplicas()
    {
        var spec = Spec();
        var decision = Decide(spec, Now, 500);

        var status = ScalePolicyStatusCalculator.Next(null, decision, spec, generation: 3);

        var limited = status.Conditions.Single(c => c.Type == ScalePolicyCondition.ScalingLimited);
        Assert.Equal(("True", "TooManyReplicas"), (limited.Status, limited.Reason));
        Assert.Equal(5, status.DesiredReplicas);
        Assert.Equal("MaxReplicas", status.LastDecision!.Limit);
        Assert.Equal(3, status.ObservedGeneration);
        Assert.Equal(Now, status.LastScaleTime);
        Assert.All(status.Conditions, c => Assert.Equal(3, c.ObservedGeneration));
    }

    [Fact]
    public void Next_StatusUnchanged_KeepsLastTransitionTime()
    {
        var spec = Spec();
        var first = ScalePolicyStatusCalculator.Next(null, Decide(spec, Now, 20), spec, 1);

        var second = ScalePolicyStatusCalculator.Next(first, Decide(spec, Now.AddSeconds(30), null), spec, 1);

        var metricsFirst = first.Conditions.Single(c => c.Type == ScalePolicyCondition.MetricsAvailable);
        var metricsSecond = second.Conditions.Single(c => c.Type == ScalePolicyCondition.MetricsAvailable);
        Assert.Equal(("True", Now), (metricsFirst.Status, metricsFirst.LastTransitionTime));
        Assert.Equal(("False", "MetricsMissing", Now.AddSeconds(30)), (metricsSecond.Status, metricsSecond.Reason, metricsSecond.LastTransitionTime));
        var able = second.Conditions.Single(c => c.Type == ScalePolicyCondition.AbleToScale);
        Assert.Equal(Now, able.LastTransitionTime);
    }
}
