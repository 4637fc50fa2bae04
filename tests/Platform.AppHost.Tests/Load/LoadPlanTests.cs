using Platform.Cli.Load;
using Platform.Cli.Simulation;

namespace Platform.AppHost.Tests.Load;

public sealed class LoadPlanTests
{
    private static readonly TraceRequests Trace = new([0, 1, 2, 10, 20], [100, 200, 300, 400, 500], [1, 2, 3, 4, 5], "generic");

    [Theory]
    [InlineData(1, 3600, 100, 5)] // everything
    [InlineData(1, 2, 100, 3)] // duration cuts at the third arrival (2 s)
    [InlineData(10, 1, 100, 4)] // 10x: 10 s arrives at 1 s
    [InlineData(1, 3600, 2, 2)] // request cap
    [InlineData(0.5, 3, 100, 2)] // half speed: 1 s arrives at 2 s, 2 s at 4 s
    public void Build_SpeedDurationAndCap_KeepTheRightRequests(double speed, double durationSeconds, int maxRequests, int expected)
    {
        var plan = LoadPlan.Build(Trace, speed, TimeSpan.FromSeconds(durationSeconds), maxRequests);

        Assert.Equal(expected, plan.Count);
        Assert.All(plan, p => Assert.Equal(Trace.Arrivals[p.Index] / speed, p.Offset.TotalSeconds, 6));
        Assert.All(plan, p => Assert.Equal(Trace.OutputTokens[p.Index], p.OutputTokens));
    }

    [Fact]
    public void Summary_From_CountsErrorsByStatusAndTakesNearestRankPercentiles()
    {
        var outcomes = Enumerable.Range(1, 100).Select(i => new RequestOutcome(i, 200, null, TimeSpan.FromMilliseconds(i)))
            .Append(new RequestOutcome(101, 503, null, TimeSpan.FromSeconds(9)))
            .Append(new RequestOutcome(102, null, "timeout", TimeSpan.FromSeconds(99)))
            .ToList();

        var summary = LoadSummary.From(110, outcomes, TimeSpan.FromSeconds(5));

        Assert.Equal(102, summary.Sent);
        Assert.Equal(100, summary.Succeeded);
        Assert.Equal(2, summary.Failed);
        Assert.Equal(new Dictionary<string, int> { ["503"] = 1, ["timeout"] = 1 }, summary.Errors);
        Assert.Equal(TimeSpan.FromMilliseconds(50), summary.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(95), summary.P95);
        Assert.Equal(TimeSpan.FromMilliseconds(99), summary.P99);
    }
}
