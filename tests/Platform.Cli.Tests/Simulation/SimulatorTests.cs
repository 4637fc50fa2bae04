using Platform.Cli.Simulation;
using Platform.Scaling.Policy;

namespace Platform.Cli.Tests.Simulation;

public sealed class SimulatorTests
{
    private static V1Alpha1ScalePolicy.PolicySpec Policy(int min, int max) => new()
    {
        TargetRef = new() { Name = "w" },
        MinReplicas = min,
        MaxReplicas = max,
        EvaluationInterval = Duration.FromSeconds(1),
        Metrics = [new MetricSpec { Type = MetricType.QueueBacklog, Queue = new() { Stream = "s", ConsumerGroup = "g" }, TargetPerReplica = 1 }],
    };

    [Fact]
    public void Run_FixedSingleSlot_QueuesFifo()
    {
        // One replica, one slot, 2 s per request (TTFT 2 s): three requests at t=0 wait 0, 2 and 4 s.
        var profile = new ClusterProfile { ConcurrencyPerReplica = 1, TimeToFirstTokenSeconds = 2, TimePerOutputTokenSeconds = 0, TimePerInputTokenSeconds = 0, InitialReplicas = 1 };
        var trace = new TraceRequests([0, 0, 0], [0, 0, 0], [0, 0, 0], "generic");

        var result = new Simulator(trace, profile, Policy(1, 1), sloWaitSeconds: 3).Run(RunKind.Reactive);

        Assert.Equal(3, result.Requests);
        Assert.Equal(2.0 / 3, result.SloAttainment, 9);
        Assert.Equal(2, result.WaitP50);
        Assert.Equal(4, result.WaitP99);
        Assert.Equal(1, result.ViolatingMinutes);
        Assert.Equal(0, result.ScaleActions);
    }

    [Fact]
    public void Run_Backlog_ScalesUpAfterStartupDelay()
    {
        // 40 requests at t=0, 10 s each, one slot per replica; replicas take 5 s to start. The backlog makes the
        // policy scale up, and more replicas shorten the waits compared with staying at one.
        var profile = new ClusterProfile { ConcurrencyPerReplica = 1, TimeToFirstTokenSeconds = 10, TimePerOutputTokenSeconds = 0, TimePerInputTokenSeconds = 0, InitialReplicas = 1, StartupDelaySeconds = 5 };
        var trace = new TraceRequests(new double[40], new int[40], new int[40], "generic");

        var scaled = new Simulator(trace, profile, Policy(1, 20), 5).Run(RunKind.Reactive);
        var fixedOne = new Simulator(trace, profile, Policy(1, 1), 5).Run(RunKind.Reactive);

        Assert.True(scaled.MaxReplicas > 1);
        Assert.True(scaled.ScaleActions >= 1);
        Assert.True(scaled.WaitP99 < fixedOne.WaitP99);
        Assert.Equal(390, fixedOne.WaitP99);
    }
}
