using System.Globalization;
using System.Text;
using Platform.Scaling.Forecasting;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Decisions;

/// <summary>
/// The pure scaling decision: a snapshot and the previous state in, a decision (with the next state) out.
/// The operator calls it every <c>evaluationInterval</c>; the simulator calls it the same way on a simulated clock.
/// </summary>
public static class ScalingCalculator
{
    /// <summary>Decides the replica count for <paramref name="snapshot"/>.</summary>
    public static ScaleDecision Decide(ScalingSnapshot snapshot, ScalingState state)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(state);
        var spec = snapshot.Policy;
        var now = snapshot.Now;
        var current = snapshot.CurrentReplicas;
        var ready = snapshot.ReadyReplicas ?? current;
        var scaleUp = BehaviorCalculator.WithDefaults(spec.Behavior?.ScaleUp, scaleUp: true);
        var scaleDown = BehaviorCalculator.WithDefaults(spec.Behavior?.ScaleDown, scaleUp: false);
        var scaleToZero = spec.ScaleToZero is { Enabled: true } ? spec.ScaleToZero : null;
        var effectiveMin = scaleToZero is null ? spec.MinReplicas : Math.Max(1, spec.MinReplicas);
        var arrival = snapshot.ArrivalRate ?? FirstArrivalRateWindow(snapshot);
        var reason = new StringBuilder(160);

        // 1. Reactive proposals per metric (HPA replica calculator semantics), with KEDA-style fallback.
        var reactive = ProposeReactive(snapshot, state, arrival, out var failures, out var missing, out var fallbackUsed, reason);
        var metricsAvailable = missing == 0;

        // 2. Panic mode (Knative): a burst over the short window holds replicas up and lifts scale-up limits.
        var panicUntil = state.PanicUntil;
        if (spec.Panic is { } panic && reactive is not null)
        {
            var since = now - panic.Window.Value;
            var panicProposal = ProposePanic(snapshot, arrival, since);
            if (panicProposal is { } pp && pp >= panic.Threshold * Math.Max(1, ready))
            {
                panicUntil = now + panic.StableWindow.Value;
                reactive = Math.Max(reactive.Value, pp);
            }
        }

        var panicking = panicUntil is { } until && now < until;

        // 3. Predictive proposal: forecast arrival rate over the horizon, sized by the per-replica service rate.
        var forecastState = state.Forecast;
        Forecast? forecast = null;
        int? predictive = null;
        if (spec.Mode != ScaleMode.Reactive && spec.Prediction is { } prediction)
        {
            forecastState = arrival is null ? forecastState ?? new ForecastState() : Forecaster.Ingest(forecastState ?? new ForecastState(), prediction, arrival);
            forecast = Forecaster.Predict(forecastState, prediction);
            var perReplica = snapshot.ServiceRatePerReplica ?? ArrivalRateTargetPerReplica(spec);
            if (forecast is not null && perReplica is > 0)
            {
                predictive = (int)Math.Ceiling((forecast.UpperBound / perReplica.Value) - 1e-9);
            }
        }

        // 4. Combine: the forecast raises the floor and never scales in alone.
        int? proposal = spec.Mode switch
        {
            ScaleMode.Reactive => reactive,
            ScaleMode.Hybrid => Max(reactive, predictive),
            _ => predictive is { } p && (p >= current || reactive is null) ? p : Max(reactive, predictive),
        };

        var limit = ScaleLimit.None;
        if (proposal is null)
        {
            proposal = current;
            limit = ScaleLimit.MissingMetrics;
        }
        else if (missing > 0 && proposal < current)
        {
            // HPA: with a metric missing, never scale down (scaling up on the metrics we have is allowed).
            proposal = current;
            limit = ScaleLimit.MissingMetrics;
        }

        if (fallbackUsed && limit == ScaleLimit.None)
        {
            limit = ScaleLimit.Fallback;
        }

        var desired = proposal.Value;
        var recommendations = state.Recommendations;
        var lastActive = state.LastActive;
        var bypassBehavior = false;

        // 5. Scale to zero (KEDA): activation wakes from zero, idle for the cooldown goes to zero; both bypass behavior.
        if (scaleToZero is not null)
        {
            var active = IsActive(snapshot, scaleToZero.ActivationThreshold) || missing > 0;
            if (active)
            {
                lastActive = now;
            }

            if (current == 0)
            {
                desired = active ? Math.Max(effectiveMin, Math.Min(desired, spec.MaxReplicas)) : 0;
                limit = active ? ScaleLimit.Activation : ScaleLimit.ScaleToZero;
                bypassBehavior = true;
            }
            else if (!active && (lastActive is null || now - lastActive.Value >= scaleToZero.CooldownPeriod.Value) && !panicking)
            {
                desired = 0;
                limit = ScaleLimit.ScaleToZero;
                bypassBehavior = true;
            }
        }
        else if (current == 0)
        {
            // HPA: a target scaled to zero by hand has autoscaling disabled.
            desired = 0;
            limit = ScaleLimit.ScalingDisabled;
            bypassBehavior = true;
        }

        if (!bypassBehavior)
        {
            if (current > spec.MaxReplicas)
            {
                desired = spec.MaxReplicas;
                limit = ScaleLimit.MaxReplicas;
            }
            else if (current < effectiveMin)
            {
                desired = effectiveMin;
                limit = ScaleLimit.MinReplicas;
            }
            else
            {
                // HPA's maybeInitScaleDownStabilizationWindow: after a restart, do not scale down before the window passes.
                if (recommendations.Count == 0 && (scaleDown.StabilizationWindowSeconds ?? 0) > 0 && state.LastScaleTime is null)
                {
                    recommendations = [new TimestampedRecommendation(current, now)];
                }

                var (stabilized, kept) = BehaviorCalculator.Stabilize(current, desired, recommendations, scaleUp, scaleDown, now);
                recommendations = kept;
                if (panicking && desired > current)
                {
                    // Knative panic: act on the burst now, without scale-up stabilization or rate policies.
                    stabilized = desired;
                }

                if (stabilized != desired && limit == ScaleLimit.None)
                {
                    limit = ScaleLimit.Stabilization;
                }

                var (limited, rateLimit) = panicking && stabilized > current
                    ? (Math.Min(stabilized, spec.MaxReplicas), stabilized > spec.MaxReplicas ? ScaleLimit.MaxReplicas : ScaleLimit.None)
                    : BehaviorCalculator.ApplyRateLimits(current, stabilized, effectiveMin, spec.MaxReplicas, state.ScaleUpEvents, state.ScaleDownEvents, scaleUp, scaleDown, now);
                if (rateLimit != ScaleLimit.None)
                {
                    limit = rateLimit;
                }

                desired = limited;
                if (panicking && desired < current)
                {
                    desired = current;
                    limit = ScaleLimit.Panic;
                }
            }
        }

        var apply = !spec.Preview && desired != current;
        var upEvents = BehaviorCalculator.Prune(state.ScaleUpEvents, scaleUp, now);
        var downEvents = BehaviorCalculator.Prune(state.ScaleDownEvents, scaleDown, now);
        if (apply)
        {
            if (desired > current)
            {
                upEvents = [.. upEvents, new ScaleEvent(desired - current, now)];
            }
            else
            {
                downEvents = [.. downEvents, new ScaleEvent(current - desired, now)];
            }
        }

        var next = state with
        {
            Recommendations = recommendations,
            ScaleUpEvents = upEvents,
            ScaleDownEvents = downEvents,
            ConsecutiveFailures = failures,
            PanicUntil = panicUntil,
            LastActive = lastActive,
            LastScaleTime = apply ? now : state.LastScaleTime,
            Forecast = forecastState,
        };

        return new ScaleDecision
        {
            Time = now,
            CurrentReplicas = current,
            DesiredReplicas = desired,
            Reactive = reactive,
            Predictive = predictive,
            Limit = limit,
            Reason = Explain(reason, spec, current, desired, reactive, predictive, forecast, limit, panicking),
            Preview = spec.Preview,
            MetricsAvailable = metricsAvailable,
            Panicking = panicking,
            Forecast = forecast,
            NextState = next,
        };
    }

    /// <summary>
    /// Queue-aware capacity (Little's law): replicas that keep up with <paramref name="arrivalRate"/> and clear the
    /// waiting backlog within <paramref name="targetWaitSeconds"/>, given what one replica completes per second.
    /// </summary>
    public static int QueueAwareReplicas(double waiting, double arrivalRate, double serviceRatePerReplica, double targetWaitSeconds)
    {
        if (serviceRatePerReplica <= 0 || targetWaitSeconds <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(serviceRatePerReplica), "Service rate and target wait must be > 0.");
        }

        var needed = (Math.Max(0, arrivalRate) + (Math.Max(0, waiting) / targetWaitSeconds)) / serviceRatePerReplica;
        return (int)Math.Ceiling(needed - 1e-9);
    }

    private static int? ProposeReactive(ScalingSnapshot snapshot, ScalingState state, MetricWindow? arrival, out int[] failures, out int missing, out bool fallbackUsed, StringBuilder detail)
    {
        var spec = snapshot.Policy;
        var current = snapshot.CurrentReplicas;
        failures = new int[spec.Metrics.Count];
        missing = 0;
        fallbackUsed = false;
        int? best = null;
        var bestIndex = -1;
        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            var window = i < snapshot.Metrics.Count ? snapshot.Metrics[i] : MetricWindow.Empty;
            var value = window.Latest;
            var proposal = value is { } v ? Propose(spec, spec.Metrics[i], v, current, arrival?.AverageSince(DateTimeOffset.MinValue), snapshot.ServiceRatePerReplica, snapshot.InFlight) : null;
            var previousFailures = i < state.ConsecutiveFailures.Count ? state.ConsecutiveFailures[i] : 0;
            failures[i] = proposal is null ? previousFailures + 1 : 0;
            if (proposal is null)
            {
                if (spec.Fallback is { } fallback && failures[i] >= fallback.FailureThreshold)
                {
                    // KEDA: a scaler failing failureThreshold times in a row reports the fallback replicas.
                    proposal = fallback.Replicas;
                    fallbackUsed = true;
                }
                else
                {
                    missing++;
                    continue;
                }
            }

            if (best is null || proposal > best)
            {
                best = proposal;
                bestIndex = i;
            }
        }

        if (bestIndex >= 0)
        {
            var metric = spec.Metrics[bestIndex];
            detail.Append(CultureInfo.InvariantCulture, $"metric {bestIndex} ({metric.Type}) = {Format(snapshot.Metrics.Count > bestIndex ? snapshot.Metrics[bestIndex].Latest : null)}");
        }

        if (missing > 0)
        {
            detail.Append(CultureInfo.InvariantCulture, $"{(detail.Length > 0 ? "; " : "")}{missing} metric(s) missing");
        }

        return best;
    }

    private static int? ProposePanic(ScalingSnapshot snapshot, MetricWindow? arrival, DateTimeOffset since)
    {
        int? best = null;
        var spec = snapshot.Policy;
        for (var i = 0; i < spec.Metrics.Count && i < snapshot.Metrics.Count; i++)
        {
            if (snapshot.Metrics[i].AverageSince(since) is { } average
                && Propose(spec, spec.Metrics[i], average, snapshot.CurrentReplicas, arrival?.AverageSince(since), snapshot.ServiceRatePerReplica, snapshot.InFlight) is { } p)
            {
                best = Math.Max(best ?? 0, p);
            }
        }

        return best;
    }

    /// <summary>One metric's proposal; null when it cannot be computed (e.g. queue-aware without a service rate or target).</summary>
    private static int? Propose(V1Alpha1ScalePolicy.PolicySpec spec, MetricSpec metric, double value, int current, double? arrivalRate, double? serviceRate, double? inFlight)
    {
        var tolerance = spec.Tolerance;
        int? proposal = null;
        if (metric.TargetPerReplica is { Value: > 0 } perReplica)
        {
            // HPA AverageValue: keep current inside the tolerance band, else ceil(total / target per replica).
            var ratio = current == 0 ? double.PositiveInfinity : value / (perReplica.Value * current);
            proposal = current > 0 && Math.Abs(ratio - 1.0) <= tolerance
                ? current
                : (int)Math.Ceiling((value / perReplica.Value) - 1e-9);
        }
        else if (metric.Target is { Value: > 0 } target)
        {
            // HPA Value: ceil(current × value / target) outside the tolerance band.
            var ratio = value / target.Value;
            var basis = Math.Max(1, current);
            proposal = Math.Abs(ratio - 1.0) <= tolerance ? current : (int)Math.Ceiling((ratio * basis) - 1e-9);
        }

        if (metric.TargetWait is { } wait && serviceRate is > 0)
        {
            var (waiting, rate) = metric.Type == MetricType.ArrivalRate
                ? (0.0, value)
                : (value - (inFlight ?? 0), arrivalRate ?? 0);
            var queueAware = QueueAwareReplicas(waiting, rate, serviceRate.Value, wait.TotalSeconds);
            proposal = Math.Max(proposal ?? 0, queueAware);
        }

        return proposal;
    }

    private static bool IsActive(ScalingSnapshot snapshot, double threshold)
    {
        foreach (var window in snapshot.Metrics)
        {
            if (window.Latest is { } v && v > threshold)
            {
                return true;
            }
        }

        return false;
    }

    private static MetricWindow? FirstArrivalRateWindow(ScalingSnapshot snapshot)
    {
        for (var i = 0; i < snapshot.Policy.Metrics.Count && i < snapshot.Metrics.Count; i++)
        {
            if (snapshot.Policy.Metrics[i].Type == MetricType.ArrivalRate)
            {
                return snapshot.Metrics[i];
            }
        }

        return null;
    }

    private static double? ArrivalRateTargetPerReplica(V1Alpha1ScalePolicy.PolicySpec spec)
    {
        foreach (var metric in spec.Metrics)
        {
            if (metric.Type == MetricType.ArrivalRate && metric.TargetPerReplica is { } perReplica)
            {
                return perReplica.Value;
            }
        }

        return null;
    }

    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static string Format(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "missing";

    private static string Explain(StringBuilder detail, V1Alpha1ScalePolicy.PolicySpec spec, int current, int desired, int? reactive, int? predictive, Forecast? forecast, ScaleLimit limit, bool panicking)
    {
        var sb = new StringBuilder(200);
        sb.Append(desired > current ? "Scale up" : desired < current ? "Scale down" : "Hold")
            .Append(CultureInfo.InvariantCulture, $" from {current} to {desired} replicas");
        sb.Append(CultureInfo.InvariantCulture, $": reactive proposal {(reactive?.ToString(CultureInfo.InvariantCulture) ?? "none")}");
        if (detail.Length > 0)
        {
            sb.Append(" (").Append(detail).Append(')');
        }

        if (spec.Mode != ScaleMode.Reactive)
        {
            sb.Append(CultureInfo.InvariantCulture, $", predictive proposal {(predictive?.ToString(CultureInfo.InvariantCulture) ?? "none")}");
            if (forecast is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $" (forecast peak {forecast.PeakRate:0.##} req/s over {forecast.Horizon.TotalSeconds:0}s, provisioning for {forecast.UpperBound:0.##})");
            }
        }

        sb.Append(limit switch
        {
            ScaleLimit.None => "; no limit applied",
            ScaleLimit.MinReplicas => string.Create(CultureInfo.InvariantCulture, $"; clamped to minReplicas {spec.MinReplicas}"),
            ScaleLimit.MaxReplicas => string.Create(CultureInfo.InvariantCulture, $"; clamped to maxReplicas {spec.MaxReplicas}"),
            ScaleLimit.ScaleUpRate => "; limited by the scale-up rate policies",
            ScaleLimit.ScaleDownRate => "; limited by the scale-down rate policies",
            ScaleLimit.Stabilization => "; held by the stabilization window",
            ScaleLimit.ScalingDisabled => "; scaling in this direction is disabled",
            ScaleLimit.MissingMetrics => "; not scaling down while a metric is missing",
            ScaleLimit.Panic => "; panic mode holds replicas after a burst",
            ScaleLimit.Fallback => "; fallback replicas after repeated metric failures",
            ScaleLimit.ScaleToZero => "; idle below the activation threshold, scaled to zero",
            ScaleLimit.Activation => "; activated from zero by a metric above the activation threshold",
            _ => "",
        });
        if (panicking && limit != ScaleLimit.Panic)
        {
            sb.Append("; panic mode");
        }

        if (spec.Preview)
        {
            sb.Append("; preview mode, not applied");
        }

        return sb.Append('.').ToString();
    }
}
