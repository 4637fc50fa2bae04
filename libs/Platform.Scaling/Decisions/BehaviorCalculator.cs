using Platform.Scaling.Policy;

namespace Platform.Scaling.Decisions;

/// <summary>
/// HPA's behavior rules, ported from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go:
/// <c>stabilizeRecommendationWithBehaviors</c>, <c>convertDesiredReplicasWithBehaviorRate</c>,
/// <c>calculateScaleUpLimitWithScalingRules</c> and <c>calculateScaleDownLimitWithBehaviors</c>.
/// </summary>
public static class BehaviorCalculator
{
    /// <summary>HPA's default scale-up rules: window 0s, select Max of Percent 100 and Pods 4 per 15s.</summary>
    public static ScalingRules DefaultScaleUp { get; } = new()
    {
        StabilizationWindowSeconds = 0,
        SelectPolicy = SelectPolicy.Max,
        Policies =
        [
            new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 },
            new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = 4, PeriodSeconds = 15 },
        ],
    };

    /// <summary>HPA's default scale-down rules: window 300s, select Max, Percent 100 per 15s.</summary>
    public static ScalingRules DefaultScaleDown { get; } = new()
    {
        StabilizationWindowSeconds = 300,
        SelectPolicy = SelectPolicy.Max,
        Policies = [new ScalingPolicy { Type = ScalingPolicyType.Percent, Value = 100, PeriodSeconds = 15 }],
    };

    /// <summary>Rules with every unset field filled from HPA's defaults for that direction (HPA's GenerateHPA*Rules).</summary>
    public static ScalingRules WithDefaults(ScalingRules? rules, bool scaleUp)
    {
        var defaults = scaleUp ? DefaultScaleUp : DefaultScaleDown;
        return rules is null
            ? defaults
            : new ScalingRules
            {
                StabilizationWindowSeconds = rules.StabilizationWindowSeconds ?? defaults.StabilizationWindowSeconds,
                SelectPolicy = rules.SelectPolicy ?? defaults.SelectPolicy,
                Policies = rules.Policies ?? defaults.Policies,
            };
    }

    /// <summary>
    /// Stabilizes <paramref name="desired"/>: up to the lowest recommendation in the scale-up window, down to the
    /// highest in the scale-down window; returns the stabilized count and the recommendations to keep (with
    /// <paramref name="desired"/> recorded).
    /// </summary>
    public static (int Recommendation, IReadOnlyList<TimestampedRecommendation> Recommendations) Stabilize(
        int current,
        int desired,
        IReadOnlyList<TimestampedRecommendation> recommendations,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(recommendations);
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);
        var upCutoff = now.AddSeconds(-(scaleUp.StabilizationWindowSeconds ?? 0));
        var downCutoff = now.AddSeconds(-(scaleDown.StabilizationWindowSeconds ?? 0));
        var upRecommendation = desired;
        var downRecommendation = desired;
        var kept = new List<TimestampedRecommendation>(recommendations.Count + 1);
        foreach (var rec in recommendations)
        {
            if (rec.Timestamp > upCutoff)
            {
                upRecommendation = Math.Min(rec.Replicas, upRecommendation);
            }

            if (rec.Timestamp > downCutoff)
            {
                downRecommendation = Math.Max(rec.Replicas, downRecommendation);
            }

            // HPA overwrites one sample older than both windows; dropping all of them is equivalent and bounded.
            if (rec.Timestamp > upCutoff || rec.Timestamp > downCutoff)
            {
                kept.Add(rec);
            }
        }

        var recommendation = current;
        if (recommendation < upRecommendation)
        {
            recommendation = upRecommendation;
        }

        if (recommendation > downRecommendation)
        {
            recommendation = downRecommendation;
        }

        kept.Add(new TimestampedRecommendation(desired, now));
        return (recommendation, kept);
    }

    /// <summary>HPA's <c>calculateScaleUpLimitWithScalingRules</c>: the most replicas the rate policies allow now.</summary>
    public static int ScaleUpLimit(int current, IReadOnlyList<ScaleEvent> scaleUpEvents, IReadOnlyList<ScaleEvent> scaleDownEvents, ScalingRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == SelectPolicy.Min;
        var result = min ? int.MaxValue : int.MinValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ChangeInPeriod(policy.PeriodSeconds, scaleUpEvents, now);
            var deleted = ChangeInPeriod(policy.PeriodSeconds, scaleDownEvents, now);
            var periodStart = current - added + deleted;
            var proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart + policy.Value
                // Rounded up so that a small percentage of a small count still allows one more replica.
                : (int)Math.Ceiling(periodStart * (1 + (policy.Value / 100.0)));
            result = min ? Math.Min(result, proposed) : Math.Max(result, proposed);
        }

        return result;
    }

    /// <summary>HPA's <c>calculateScaleDownLimitWithBehaviors</c>: the fewest replicas the rate policies allow now.</summary>
    public static int ScaleDownLimit(int current, IReadOnlyList<ScaleEvent> scaleUpEvents, IReadOnlyList<ScaleEvent> scaleDownEvents, ScalingRules rules, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.SelectPolicy == SelectPolicy.Disabled)
        {
            return current;
        }

        var min = rules.SelectPolicy == SelectPolicy.Min;
        var result = min ? int.MinValue : int.MaxValue;
        foreach (var policy in rules.Policies ?? [])
        {
            var added = ChangeInPeriod(policy.PeriodSeconds, scaleUpEvents, now);
            var deleted = ChangeInPeriod(policy.PeriodSeconds, scaleDownEvents, now);
            var periodStart = current - added + deleted;
            var proposed = policy.Type == ScalingPolicyType.Pods
                ? periodStart - policy.Value
                : (int)(periodStart * (1 - (policy.Value / 100.0)));
            result = min ? Math.Max(result, proposed) : Math.Min(result, proposed);
        }

        return result;
    }

    /// <summary>
    /// HPA's <c>convertDesiredReplicasWithBehaviorRate</c>: applies the rate limits and min/max to a stabilized
    /// recommendation; returns the replicas and which limit applied.
    /// </summary>
    public static (int Replicas, ScaleLimit Limit) ApplyRateLimits(
        int current,
        int desired,
        int minReplicas,
        int maxReplicas,
        IReadOnlyList<ScaleEvent> scaleUpEvents,
        IReadOnlyList<ScaleEvent> scaleDownEvents,
        ScalingRules scaleUp,
        ScalingRules scaleDown,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(scaleUp);
        ArgumentNullException.ThrowIfNull(scaleDown);
        if (desired > current)
        {
            var limit = ScaleUpLimit(current, scaleUpEvents, scaleDownEvents, scaleUp, now);
            if (limit < current)
            {
                // No further scale-up until old events leave the period.
                limit = current;
            }

            var (maximum, reason) = maxReplicas > limit
                ? (limit, scaleUp.SelectPolicy == SelectPolicy.Disabled ? ScaleLimit.ScalingDisabled : ScaleLimit.ScaleUpRate)
                : (maxReplicas, ScaleLimit.MaxReplicas);
            if (desired > maximum)
            {
                return (maximum, reason);
            }
        }
        else if (desired < current)
        {
            var limit = ScaleDownLimit(current, scaleUpEvents, scaleDownEvents, scaleDown, now);
            if (limit > current)
            {
                limit = current;
            }

            var (minimum, reason) = minReplicas < limit
                ? (limit, scaleDown.SelectPolicy == SelectPolicy.Disabled ? ScaleLimit.ScalingDisabled : ScaleLimit.ScaleDownRate)
                : (minReplicas, ScaleLimit.MinReplicas);
            if (desired < minimum)
            {
                return (minimum, reason);
            }
        }

        return (desired, ScaleLimit.None);
    }

    /// <summary>Drops events older than the longest policy period of their direction (HPA's markScaleEventsOutdated).</summary>
    internal static IReadOnlyList<ScaleEvent> Prune(IReadOnlyList<ScaleEvent> events, ScalingRules rules, DateTimeOffset now)
    {
        if (events.Count == 0)
        {
            return events;
        }

        var longest = 0;
        foreach (var policy in rules.Policies ?? [])
        {
            longest = Math.Max(longest, policy.PeriodSeconds);
        }

        var cutoff = now.AddSeconds(-longest);
        if (events[0].Timestamp > cutoff)
        {
            return events;
        }

        var kept = new List<ScaleEvent>(events.Count);
        foreach (var e in events)
        {
            if (e.Timestamp > cutoff)
            {
                kept.Add(e);
            }
        }

        return kept;
    }

    private static int ChangeInPeriod(int periodSeconds, IReadOnlyList<ScaleEvent> events, DateTimeOffset now)
    {
        var cutoff = now.AddSeconds(-periodSeconds);
        var replicas = 0;
        foreach (var e in events)
        {
            if (e.Timestamp > cutoff)
            {
                replicas += e.ReplicaChange;
            }
        }

        return replicas;
    }
}
