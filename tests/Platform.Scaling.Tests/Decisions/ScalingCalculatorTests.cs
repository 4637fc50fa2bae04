using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Decisions;

public sealed class ScalingCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A state with a long-finished scale event, so HPA's restart guard (no scale-down before the window) is off.</summary>
    private static readonly ScalingState Settled = ScalingState.Empty with { LastScaleTime = Now.AddHours(-1) };

    private static V1Alpha1ScalePolicy.PolicySpec Spec(params MetricSpec[] metrics) => new()
    {
        TargetRef = new() { Name = "w" },
        MinReplicas = 1,
        MaxReplicas = 100,
        Metrics = [.. metrics],
        Behavior = new()
        {
            // No stabilization and generous rates, so the tests below see the proposals themselves.
            ScaleUp = new() { StabilizationWindowSeconds = 0, Policies = [new() { Type = ScalingPolicyType.Pods, Value = 1000, PeriodSeconds = 15 }] },
            ScaleDown = new() { StabilizationWindowSeconds = 0, Policies = [new() { Type = ScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 }] },
        },
    };

    private static MetricSpec Backlog(double perReplica) => new() { Type = MetricType.QueueBacklog, Queue = new() { Stream = "s", ConsumerGroup = "g" }, TargetPerReplica = perReplica };

    private static MetricSpec Value(double target) => new() { Type = MetricType.Prometheus, Prometheus = new() { Address = "http://p:9090", Query = "q" }, Target = target };

    private static ScalingSnapshot Snapshot(V1Alpha1ScalePolicy.PolicySpec spec, int current, params double?[] values) => new()
    {
        Policy = spec,
        Now = Now,
        CurrentReplicas = current,
        Metrics = [.. values.Select(v => v is { } x ? MetricWindow.Of(Now, x) : MetricWindow.FailedAt(Now))],
    };

    [Theory]
    // HPA AverageValue: ceil(total / target per replica) = ceil(100 / 10).
    [InlineData(2, 100.0, 10.0, 10)]
    // Inside the 10% tolerance band (ratio 105/100 = 1.05): keep the current count.
    [InlineData(10, 105.0, 10.0, 10)]
    // Just outside the band (ratio 1.11): ceil(111 / 10) = 12.
    [InlineData(10, 111.0, 10.0, 12)]
    // Scale down: ceil(30 / 10) = 3.
    [InlineData(10, 30.0, 10.0, 3)]
    public void Decide_PerReplicaTarget_UsesHpaAverageValueFormula(int current, double total, double perReplica, int expected)
    {
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(perReplica)), current, total), Settled);

        Assert.Equal(expected, decision.DesiredReplicas);
        Assert.Equal(expected, decision.Reactive);
    }

    [Theory]
    // HPA Value: ceil(current × value / target) = ceil(3 × 150 / 100) = 5.
    [InlineData(3, 150.0, 100.0, 5)]
    // Ratio 0.95 is inside the tolerance: keep 4.
    [InlineData(4, 95.0, 100.0, 4)]
    // ceil(4 × 50 / 100) = 2.
    [InlineData(4, 50.0, 100.0, 2)]
    public void Decide_ValueTarget_UsesHpaRatioFormula(int current, double value, double target, int expected) =>
        Assert.Equal(expected, ScalingCalculator.Decide(Snapshot(Spec(Value(target)), current, value), Settled).DesiredReplicas);

    [Fact]
    public void Decide_SeveralMetrics_TakesTheLargestProposal()
    {
        // Backlog proposes ceil(40/10) = 4, the Prometheus metric ceil(2 × 300/100) = 6: HPA takes the max.
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10), Value(100)), 2, 40, 300), Settled);

        Assert.Equal(6, decision.DesiredReplicas);
    }

    [Theory]
    // One metric missing, the other wants to scale down to 2: HPA does not scale down while a metric is missing.
    [InlineData(20.0, 5, ScaleLimit.MissingMetrics)]
    // One metric missing, the other wants 8 (> 5): HPA scales up on what it has.
    [InlineData(80.0, 8, ScaleLimit.None)]
    public void Decide_MetricMissing_NeverScalesDownButMayScaleUp(double backlog, int expected, ScaleLimit limit)
    {
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10), Value(100)), 5, backlog, null), Settled);

        Assert.Equal(expected, decision.DesiredReplicas);
        Assert.Equal(limit, decision.Limit);
        Assert.False(decision.MetricsAvailable);
    }

    [Fact]
    public void Decide_AllMetricsMissing_HoldsCurrent()
    {
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10)), 5, [null]), Settled);

        Assert.Equal(5, decision.DesiredReplicas);
        Assert.Null(decision.Reactive);
        Assert.Equal(ScaleLimit.MissingMetrics, decision.Limit);
    }

    [Fact]
    public void Decide_FallbackAfterThresholdFailures_UsesFallbackReplicas()
    {
        // KEDA fallback: failureThreshold 3, replicas 7; the first two failures hold, the third falls back.
        var spec = Spec(Backlog(10));
        spec.Fallback = new FallbackSpec { FailureThreshold = 3, Replicas = 7 };
        var state = Settled;
        var desired = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var decision = ScalingCalculator.Decide(Snapshot(spec, 2, [null]) with { Now = Now.AddSeconds(i * 15) }, state);
            desired.Add(decision.DesiredReplicas);
            state = decision.NextState;
        }

        Assert.Equal([2, 2, 7], desired);
        var recovered = ScalingCalculator.Decide(Snapshot(spec, 7, 20) with { Now = Now.AddSeconds(45) }, state);
        Assert.Equal(2, recovered.DesiredReplicas);
        Assert.Equal(0, recovered.NextState.ConsecutiveFailures[0]);
    }

    [Theory]
    // Above maxReplicas: clamp to max (HPA, before behavior).
    [InlineData(150, 1000.0, 100, ScaleLimit.MaxReplicas)]
    // Metric wants 200 from 50: clamp to max 100.
    [InlineData(50, 2000.0, 100, ScaleLimit.MaxReplicas)]
    // Metric wants 0: clamp to minReplicas 1.
    [InlineData(3, 0.0, 1, ScaleLimit.MinReplicas)]
    public void Decide_OutOfRange_ClampsToMinMax(int current, double backlog, int expected, ScaleLimit limit)
    {
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10)), current, backlog), Settled);

        Assert.Equal(expected, decision.DesiredReplicas);
        Assert.Equal(limit, decision.Limit);
    }

    [Fact]
    public void Decide_TargetAtZeroWithoutScaleToZero_KeepsAutoscalingDisabled()
    {
        // HPA: a target scaled to 0 by hand is left alone while minReplicas > 0.
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10)), 0, 500), Settled);

        Assert.Equal(0, decision.DesiredReplicas);
        Assert.Equal(ScaleLimit.ScalingDisabled, decision.Limit);
    }

    [Theory]
    // KEDA: at zero, a metric above the activation threshold (5) activates to minReplicas... here the proposal (3) is larger.
    [InlineData(0, 30.0, 3, ScaleLimit.Activation)]
    // KEDA: at zero, a metric at or below the activation threshold stays at zero even though the HPA formula says 1.
    [InlineData(0, 5.0, 0, ScaleLimit.ScaleToZero)]
    public void Decide_ScaleToZero_ActivatesAboveThreshold(int current, double backlog, int expected, ScaleLimit limit)
    {
        var spec = Spec(Backlog(10));
        spec.MinReplicas = 0;
        spec.ScaleToZero = new ScaleToZeroSpec { Enabled = true, ActivationThreshold = 5, CooldownPeriod = Duration.FromSeconds(300) };

        var decision = ScalingCalculator.Decide(Snapshot(spec, current, backlog), Settled);

        Assert.Equal(expected, decision.DesiredReplicas);
        Assert.Equal(limit, decision.Limit);
    }

    [Fact]
    public void Decide_ScaleToZero_WaitsForCooldownThenScalesToZero()
    {
        // KEDA cooldownPeriod 300s: idle at t=0 and t=200 keeps one replica; at t=300 it goes to zero.
        var spec = Spec(Backlog(10));
        spec.MinReplicas = 0;
        spec.ScaleToZero = new ScaleToZeroSpec { Enabled = true, ActivationThreshold = 0, CooldownPeriod = Duration.FromSeconds(300) };
        var state = Settled with { LastActive = Now };

        var at200 = ScalingCalculator.Decide(Snapshot(spec, 1, 0) with { Now = Now.AddSeconds(200) }, state);
        var at300 = ScalingCalculator.Decide(Snapshot(spec, 1, 0) with { Now = Now.AddSeconds(300) }, at200.NextState);

        Assert.Equal(1, at200.DesiredReplicas);
        Assert.Equal(0, at300.DesiredReplicas);
        Assert.Equal(ScaleLimit.ScaleToZero, at300.Limit);
    }

    [Fact]
    public void Decide_Preview_ReportsButDoesNotApply()
    {
        var spec = Spec(Backlog(10));
        spec.Preview = true;

        var decision = ScalingCalculator.Decide(Snapshot(spec, 2, 100), Settled);

        Assert.Equal(10, decision.DesiredReplicas);
        Assert.True(decision.Preview);
        Assert.False(decision.ShouldApply);
        Assert.Empty(decision.NextState.ScaleUpEvents);
        Assert.Contains("preview", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DefaultBehavior_ScaleDownHeldForFiveMinutes()
    {
        // HPA default scale-down window 300s: after a recommendation of 10, a drop to 2 is held at 10 until 5 minutes pass.
        var spec = Spec(Backlog(10));
        spec.Behavior = null;
        var first = ScalingCalculator.Decide(Snapshot(spec, 10, 100), Settled);
        var after60 = ScalingCalculator.Decide(Snapshot(spec, 10, 20) with { Now = Now.AddSeconds(60) }, first.NextState);
        var after301 = ScalingCalculator.Decide(Snapshot(spec, 10, 20) with { Now = Now.AddSeconds(301) }, after60.NextState);

        Assert.Equal(10, after60.DesiredReplicas);
        Assert.Equal(ScaleLimit.Stabilization, after60.Limit);
        Assert.Equal(2, after301.DesiredReplicas);
    }

    [Fact]
    public void Decide_FirstEvaluation_DoesNotScaleDownBeforeTheWindow()
    {
        // HPA's maybeInitScaleDownStabilizationWindow: a fresh controller treats the current count as a recent recommendation.
        var spec = Spec(Backlog(10));
        spec.Behavior = null;

        var decision = ScalingCalculator.Decide(Snapshot(spec, 8, 10), ScalingState.Empty);

        Assert.Equal(8, decision.DesiredReplicas);
    }

    [Fact]
    public void Decide_DefaultBehavior_ScaleUpRateLimited()
    {
        // HPA default scale-up: from 2, max(2 × 2, 2 + 4) = 6 even though the metric asks for 50.
        var spec = Spec(Backlog(10));
        spec.Behavior = null;

        var decision = ScalingCalculator.Decide(Snapshot(spec, 2, 500), Settled);

        Assert.Equal(6, decision.DesiredReplicas);
        Assert.Equal(ScaleLimit.ScaleUpRate, decision.Limit);
        Assert.Equal(4, decision.NextState.ScaleUpEvents.Single().ReplicaChange);
    }

    [Fact]
    public void Decide_Panic_BypassesScaleUpLimitsAndHoldsReplicas()
    {
        // Knative panic: a burst at 2× ready replicas scales up at once (past the Pods 1/60s policy) and then holds.
        var spec = Spec(Backlog(10));
        spec.Behavior!.ScaleUp = new() { Policies = [new() { Type = ScalingPolicyType.Pods, Value = 1, PeriodSeconds = 60 }] };
        spec.Panic = new PanicSpec { Window = Duration.FromSeconds(6), Threshold = 2, StableWindow = Duration.FromSeconds(60) };

        var burst = ScalingCalculator.Decide(Snapshot(spec, 2, 100), Settled);
        var calm = ScalingCalculator.Decide(Snapshot(spec, 10, 10) with { Now = Now.AddSeconds(30) }, burst.NextState);
        var later = ScalingCalculator.Decide(Snapshot(spec, 10, 10) with { Now = Now.AddSeconds(61) }, calm.NextState);

        Assert.Equal(10, burst.DesiredReplicas);
        Assert.True(burst.Panicking);
        Assert.Equal(10, calm.DesiredReplicas);
        Assert.Equal(ScaleLimit.Panic, calm.Limit);
        Assert.Equal(1, later.DesiredReplicas);
    }

    [Fact]
    public void QueueAwareReplicas_LittlesLaw_KeepsUpAndClearsBacklog()
    {
        // 10 req/s arriving, 40 waiting to clear within 4 s (10 req/s more), 2 req/s per replica: (10 + 10) / 2 = 10.
        Assert.Equal(10, ScalingCalculator.QueueAwareReplicas(40, 10, 2, 4));
    }

    [Fact]
    public void Decide_QueueAware_CountsOnlyWaitingBeyondInFlight()
    {
        // Backlog 56 with 16 in flight → 40 waiting; arrivals 10/s; 2 req/s per replica; target wait 4 s → 10 replicas.
        var spec = Spec(new MetricSpec { Type = MetricType.QueueBacklog, Queue = new() { Stream = "s", ConsumerGroup = "g" }, TargetWait = Duration.FromSeconds(4) });
        var snapshot = Snapshot(spec, 4, 56) with { ArrivalRate = MetricWindow.Of(Now, 10), ServiceRatePerReplica = 2, InFlight = 16 };

        Assert.Equal(10, ScalingCalculator.Decide(snapshot, Settled).DesiredReplicas);
    }

    [Fact]
    public void Decide_Hybrid_ForecastRaisesFloorButNeverScalesInAlone()
    {
        var spec = Spec(Backlog(10));
        spec.Mode = ScaleMode.Hybrid;
        spec.Prediction = new PredictionSpec { Algorithm = ForecastAlgorithm.LinearTrend, Step = Duration.FromSeconds(10), Horizon = Duration.FromSeconds(30), Margin = 0 };
        var state = Settled;

        // Arrival rate rising 1 req/s every 10 s; at 1 req/s per replica the forecast 3 steps ahead asks for more than the backlog does.
        ScaleDecision? decision = null;
        for (var i = 0; i < 6; i++)
        {
            var now = Now.AddSeconds(i * 10);
            decision = ScalingCalculator.Decide(Snapshot(spec, 2, 20) with { Now = now, ArrivalRate = MetricWindow.Of(now, i + 1), ServiceRatePerReplica = 1 }, state);
            state = decision.NextState;
        }

        Assert.Equal(2, decision!.Reactive);
        Assert.True(decision.Predictive > decision.Reactive);
        Assert.Equal(decision.Predictive, decision.DesiredReplicas);

        // A low, flat forecast (1 req/s → 2 replicas with the error margin) while the backlog still needs 8 of 8:
        // the forecast alone must not scale in.
        var flat = Settled;
        for (var i = 0; i < 6; i++)
        {
            var now = Now.AddSeconds(i * 10);
            var step = ScalingCalculator.Decide(Snapshot(spec, 8, 80) with { Now = now, ArrivalRate = MetricWindow.Of(now, 1), ServiceRatePerReplica = 1 }, flat);
            flat = step.NextState;
            Assert.True(step.Predictive is null or < 8);
            Assert.Equal(8, step.DesiredReplicas);
        }
    }

    [Fact]
    public void Decide_Always_ExplainsWithAReasonSentence()
    {
        var decision = ScalingCalculator.Decide(Snapshot(Spec(Backlog(10)), 2, 100), Settled);

        Assert.StartsWith("Scale up from 2 to 10 replicas: reactive proposal 10", decision.Reason, StringComparison.Ordinal);
        Assert.EndsWith(".", decision.Reason, StringComparison.Ordinal);
    }
}
