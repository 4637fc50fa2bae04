using Platform.Cli.Simulation;

namespace Platform.Cli.Load;

/// <summary>Turns a trace into the requests of a replay: arrival times scaled by the speed, bounded in count and time.</summary>
internal static class LoadPlan
{
    /// <summary>
    /// The requests whose scaled arrival falls within <paramref name="duration"/>, at most <paramref name="maxRequests"/>,
    /// in arrival order.
    /// </summary>
    public static IReadOnlyList<PlannedRequest> Build(TraceRequests trace, double speed, TimeSpan duration, int maxRequests)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speed);
        var plan = new List<PlannedRequest>(Math.Min(trace.Count, Math.Max(maxRequests, 0)));
        for (var i = 0; i < trace.Count && plan.Count < maxRequests; i++)
        {
            var offset = TimeSpan.FromSeconds(trace.Arrivals[i] / speed);
            if (offset > duration)
            {
                break;
            }

            plan.Add(new PlannedRequest(i, offset, trace.InputTokens[i], trace.OutputTokens[i]));
        }

        return plan;
    }
}
