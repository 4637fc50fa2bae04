using System.Globalization;
using Platform.Scaling.Forecasting;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Decisions;

/// <summary>
/// Turns a decision into the ScalePolicy status the operator writes: counts, last decision, forecast and the
/// Ready, AbleToScale, ScalingActive, ScalingLimited and MetricsAvailable conditions (HPA-style reasons).
/// A condition's <c>lastTransitionTime</c> changes only when its status changes, as Kubernetes expects.
/// </summary>
public static class ScalePolicyStatusCalculator
{
    /// <summary>Returns the new status; <paramref name="previous"/> is not modified.</summary>
    public static V1Alpha1ScalePolicy.PolicyStatus Next(
        V1Alpha1ScalePolicy.PolicyStatus? previous,
        ScaleDecision decision,
        V1Alpha1ScalePolicy.PolicySpec spec,
        long? generation)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(spec);
        var now = decision.Time;
        var limited = decision.Limit is ScaleLimit.MinReplicas or ScaleLimit.MaxReplicas or ScaleLimit.ScaleUpRate or ScaleLimit.ScaleDownRate;
        var conditions = new List<ScalePolicyCondition>
        {
            Condition(ScalePolicyCondition.MetricsAvailable, decision.MetricsAvailable,
                decision.MetricsAvailable ? "MetricsRead" : "MetricsMissing",
                decision.MetricsAvailable ? "every metric was read" : "at least one metric could not be read; scale-down is paused"),
            Condition(ScalePolicyCondition.ScalingActive, decision.Reactive is not null && decision.Limit != ScaleLimit.ScaleToZero,
                decision.Reactive is null ? "FailedGetMetrics" : decision.Limit == ScaleLimit.ScaleToZero ? "ScalingDisabled" : "ValidMetricFound",
                decision.Reactive is null ? "no metric was available to compute a replica count" : "the policy computed a replica count from its metrics"),
            Condition(ScalePolicyCondition.AbleToScale, decision.Limit != ScaleLimit.ScalingDisabled,
                decision.Limit switch
                {
                    ScaleLimit.ScalingDisabled => "ScalingDisabled",
                    ScaleLimit.Stabilization => decision.DesiredReplicas >= decision.CurrentReplicas ? "ScaleUpStabilized" : "ScaleDownStabilized",
                    _ => decision.Preview ? "Preview" : "ReadyForNewScale",
                },
                decision.Reason),
            Condition(ScalePolicyCondition.ScalingLimited, limited,
                decision.Limit switch
                {
                    ScaleLimit.MaxReplicas => "TooManyReplicas",
                    ScaleLimit.MinReplicas => "TooFewReplicas",
                    ScaleLimit.ScaleUpRate => "ScaleUpLimit",
                    ScaleLimit.ScaleDownRate => "ScaleDownLimit",
                    _ => "DesiredWithinRange",
                },
                limited ? decision.Reason : "the desired count is within the acceptable range"),
            Condition(ScalePolicyCondition.Ready, decision.Reactive is not null,
                decision.Reactive is not null ? "Reconciled" : "MetricsUnavailable",
                string.Create(CultureInfo.InvariantCulture, $"desired {decision.DesiredReplicas} of {spec.MinReplicas}-{spec.MaxReplicas} replicas")),
        };

        foreach (var condition in conditions)
        {
            condition.ObservedGeneration = generation;
            var old = previous?.Conditions.FirstOrDefault(c => c.Type == condition.Type);
            condition.LastTransitionTime = old is not null && old.Status == condition.Status ? old.LastTransitionTime : now;
        }

        return new V1Alpha1ScalePolicy.PolicyStatus
        {
            CurrentReplicas = decision.CurrentReplicas,
            DesiredReplicas = decision.DesiredReplicas,
            LastScaleTime = decision.ShouldApply ? now : previous?.LastScaleTime,
            ObservedGeneration = generation,
            LastDecision = new DecisionStatus
            {
                Time = now,
                DesiredReplicas = decision.DesiredReplicas,
                Reactive = decision.Reactive,
                Predictive = decision.Predictive,
                Limit = decision.Limit.ToString(),
                Preview = decision.Preview,
                Reason = decision.Reason,
            },
            Forecast = ToStatus(decision.Forecast),
            Conditions = conditions,
        };
    }

    private static ForecastStatus? ToStatus(Forecast? forecast) => forecast is null ? null : new ForecastStatus
    {
        Algorithm = forecast.Algorithm,
        Horizon = new Duration(forecast.Horizon),
        ArrivalRate = forecast.PeakRate,
        UpperBound = forecast.UpperBound,
        MeanAbsoluteError = forecast.MeanAbsoluteError,
    };

    private static ScalePolicyCondition Condition(string type, bool status, string reason, string message) => new()
    {
        Type = type,
        Status = status ? "True" : "False",
        Reason = reason,
        Message = message,
    };
}
