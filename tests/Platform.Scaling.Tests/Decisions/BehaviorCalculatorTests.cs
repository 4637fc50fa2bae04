using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Decisions;

public sealed class BehaviorCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ScalingRules Rules(SelectPolicy select, params (ScalingPolicyType Type, int Value, int Period)[] policies) => new()
    {
        StabilizationWindowSeconds = 0,
        SelectPolicy = select,
        Policies = [.. policies.Select(p => new ScalingPolicy { Type = p.Type, Value = p.Value, PeriodSeconds = p.Period })],
    };

    [Theory]
    // HPA defaults (Percent 100 and Pods 4 per 15s, Max): from 1 replica the Pods policy allows 5.
    [InlineData(1, 10, 5, ScaleLimit.ScaleUpRate)]
    // From 10, Percent 100 allows 20, more than Pods 4 (14): Max picks 20.
    [InlineData(10, 50, 20, ScaleLimit.ScaleUpRate)]
    // Within both limits: the desired count goes through.
    [InlineData(3, 6, 6, ScaleLimit.None)]
    // maxReplicas (30) is below the rate limit (40): clamped by max.
    [InlineData(20, 100, 30, ScaleLimit.MaxReplicas)]
    public void ApplyRateLimits_DefaultScaleUp_MatchesHpa(int current, int desired, int expected, ScaleLimit limit)
    {
        var (replicas, applied) = BehaviorCalculator.ApplyRateLimits(current, desired, 1, 30, [], [], BehaviorCalculator.DefaultScaleUp, BehaviorCalculator.DefaultScaleDown, Now);

        Assert.Equal(expected, replicas);
        Assert.Equal(limit, applied);
    }

    [Theory]
    // HPA docs example: Pods 4 and Percent 10 per 60s; 80 replicas scaling down, Max selects the bigger change: 8 → 72.
    [InlineData(80, SelectPolicy.Max, 72)]
    // selectPolicy Min picks the smaller change: 4 → 76.
    [InlineData(80, SelectPolicy.Min, 76)]
    // Disabled: no scale-down at all.
    [InlineData(80, SelectPolicy.Disabled, 80)]
    // Percent is truncated when scaling down: 10% of 9 is 0.9 → int(8.1) = 8; Pods gives 5; Max picks 5.
    [InlineData(9, SelectPolicy.Max, 5)]
    public void ApplyRateLimits_ScaleDownPolicies_MatchHpaDocs(int current, SelectPolicy select, int expected)
    {
        var down = Rules(select, (ScalingPolicyType.Pods, 4, 60), (ScalingPolicyType.Percent, 10, 60));

        var (replicas, _) = BehaviorCalculator.ApplyRateLimits(current, 1, 1, 100, [], [], BehaviorCalculator.DefaultScaleUp, down, Now);

        Assert.Equal(expected, replicas);
    }

    [Theory]
    // One pod removed 30s ago with Pods 1 per 60s: the period started at 10, so 9 is the floor: no further scale-down.
    [InlineData(30, 9)]
    // The event is 90s old, outside the 60s period: one more pod may go.
    [InlineData(90, 8)]
    public void ApplyRateLimits_RecentScaleDownEvent_CountsAgainstPeriod(int secondsAgo, int expected)
    {
        var down = Rules(SelectPolicy.Max, (ScalingPolicyType.Pods, 1, 60));
        ScaleEvent[] events = [new(1, Now.AddSeconds(-secondsAgo))];

        var (replicas, limit) = BehaviorCalculator.ApplyRateLimits(9, 2, 1, 100, [], events, BehaviorCalculator.DefaultScaleUp, down, Now);

        Assert.Equal(expected, replicas);
        Assert.Equal(ScaleLimit.ScaleDownRate, limit);
    }

    [Fact]
    public void ScaleUpLimit_PercentOfSmallCount_RoundsUp()
    {
        // HPA rounds the scale-up proposal up so 10% of 3 still allows one more replica.
        var up = Rules(SelectPolicy.Max, (ScalingPolicyType.Percent, 10, 60));

        Assert.Equal(4, BehaviorCalculator.ScaleUpLimit(3, [], [], up, Now));
    }

    [Fact]
    public void ScaleUpLimit_RecentScaleUp_LowersRemainingBudget()
    {
        // Pods 4 per 60s; 3 were added 20s ago: the period started at 5, so the limit is 9.
        var up = Rules(SelectPolicy.Max, (ScalingPolicyType.Pods, 4, 60));

        Assert.Equal(9, BehaviorCalculator.ScaleUpLimit(8, [new ScaleEvent(3, Now.AddSeconds(-20))], [], up, Now));
    }

    [Theory]
    // Scale-down window 300s: a recommendation of 10 two minutes ago holds a desired 4 at 10.
    [InlineData(new[] { 10 }, new[] { 120 }, 10, 4, 10)]
    // The higher recommendation is older than the window: the desired 4 goes through.
    [InlineData(new[] { 10 }, new[] { 400 }, 10, 4, 4)]
    // The highest recommendation in the window wins, not the newest: max(6, 8, 4) = 8.
    [InlineData(new[] { 6, 8 }, new[] { 200, 100 }, 10, 4, 8)]
    // Scaling up is not held by the scale-down window (scale-up window 0).
    [InlineData(new[] { 3 }, new[] { 10 }, 3, 7, 7)]
    public void Stabilize_ScaleDownWindow_UsesHighestRecentRecommendation(int[] replicas, int[] secondsAgo, int current, int desired, int expected)
    {
        var history = replicas.Select((r, i) => new TimestampedRecommendation(r, Now.AddSeconds(-secondsAgo[i]))).ToList();

        var (recommendation, kept) = BehaviorCalculator.Stabilize(current, desired, history, BehaviorCalculator.DefaultScaleUp, BehaviorCalculator.DefaultScaleDown, Now);

        Assert.Equal(expected, recommendation);
        Assert.Contains(new TimestampedRecommendation(desired, Now), kept);
    }

    [Fact]
    public void Stabilize_ScaleUpWindow_UsesLowestRecentRecommendation()
    {
        // HPA docs: a scale-up window makes the controller take the lowest recommendation in it.
        var up = new ScalingRules { StabilizationWindowSeconds = 60, SelectPolicy = SelectPolicy.Max, Policies = BehaviorCalculator.DefaultScaleUp.Policies };
        TimestampedRecommendation[] history = [new(5, Now.AddSeconds(-30)), new(9, Now.AddSeconds(-10))];

        var (recommendation, _) = BehaviorCalculator.Stabilize(3, 12, history, up, BehaviorCalculator.DefaultScaleDown, Now);

        Assert.Equal(5, recommendation);
    }

    [Fact]
    public void WithDefaults_PartialRules_FillsHpaDefaults()
    {
        var rules = BehaviorCalculator.WithDefaults(new ScalingRules { StabilizationWindowSeconds = 60 }, scaleUp: false);

        Assert.Equal(60, rules.StabilizationWindowSeconds);
        Assert.Equal(SelectPolicy.Max, rules.SelectPolicy);
        var policy = Assert.Single(rules.Policies!);
        Assert.Equal((ScalingPolicyType.Percent, 100, 15), (policy.Type, policy.Value, policy.PeriodSeconds));
    }
}
