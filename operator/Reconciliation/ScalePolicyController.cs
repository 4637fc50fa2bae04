using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Operator.History;
using Platform.Operator.Metrics;
using Platform.Operator.Scaling;
using Platform.Operator.Telemetry;
using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Operator.Reconciliation;

/// <summary>
/// The ScalePolicy reconciler, a thin loop over the pure scaling core: gather (target replicas, one sample per
/// metric) → decide (<see cref="ScalingCalculator.Decide"/>) → act (scale the target when the decision says so and
/// it is not preview) → record (status via <see cref="ScalePolicyStatusCalculator"/>, events, history). The
/// <see cref="ScalingState"/> and metric windows are kept in memory per policy; when a scale call fails the
/// previous state is kept, so the next evaluation decides again from the same history.
/// </summary>
internal sealed class ScalePolicyController(
    IEnumerable<IMetricSource> sources,
    IScaleTarget target,
    IPolicyStatusWriter writer,
    PolicyHistoryStore history,
    IOptions<OperatorOptions> options,
    TimeProvider timeProvider,
    ILogger<ScalePolicyController> logger,
    OperatorMetrics? metrics = null)
{
    private static readonly JsonSerializerOptions StatusJson = new(JsonSerializerDefaults.Web);
    private readonly IMetricSource[] _sources = [.. sources];
    private readonly ConcurrentDictionary<string, PolicyRuntime> _runtimes = new(StringComparer.Ordinal);

    /// <summary>Forgets a deleted policy's state.</summary>
    public void Forget(string key)
    {
        _runtimes.TryRemove(key, out _);
        history.Remove(key);
    }

    /// <summary>Forgets every policy's state (e.g. after regaining leadership, when the history is stale).</summary>
    public void Reset() => _runtimes.Clear();

    /// <summary>Evaluates a policy once, counting the outcome in <c>platform.operator.reconciliations</c>.</summary>
    /// <returns>The decision, or null when the policy is invalid or its target could not be read.</returns>
    public async Task<ScaleDecision?> ReconcileAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var success = false;
        try
        {
            (var decision, success) = await ReconcileOnceAsync(policy, cancellationToken);
            return decision;
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                metrics?.RecordReconciliation(policy.Metadata.Namespace ?? "default", policy.Metadata.Name ?? "", success);
            }
        }
    }

    private async Task<(ScaleDecision? Decision, bool Success)> ReconcileOnceAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken)
    {
        var key = PolicyHistoryStore.Key(policy);
        using var scope = Log.PolicyScope(logger, policy.Metadata.Namespace ?? "default", policy.Metadata.Name ?? "");
        var runtime = _runtimes.GetOrAdd(key, _ => new PolicyRuntime());
        var record = history.For(policy);
        var now = timeProvider.GetUtcNow();
        var generation = policy.Metadata.Generation;
        if (runtime.Generation != generation)
        {
            // A new spec may have different metrics: start new windows; HPA-style history carries over.
            runtime.ResetWindows(policy.Spec.Metrics.Count);
            runtime.Generation = generation;
            runtime.InvalidReported = false;
        }

        // 0. Validate: an invalid policy is reported once per generation and never acted on.
        var problems = ScalePolicyValidator.Validate(policy);
        if (problems.Count > 0)
        {
            var message = string.Join("; ", problems.Select(p => p.ToString()));
            Log.InvalidPolicy(logger, message);
            var status = FailedStatus(runtime.Status ?? policy.Status, generation, now, "InvalidSpec", "the policy is invalid and is ignored: " + message, metricsKnown: false);
            record.SetStatus(status, [.. problems.Select(p => p.ToString())]);
            if (!runtime.InvalidReported)
            {
                await EmitAsync(policy, record, PolicyEvent.Warning("InvalidPolicy", "Validate", "the policy is invalid and is ignored: " + message), cancellationToken);
                runtime.InvalidReported = true;
            }

            await WriteStatusIfChangedAsync(policy, runtime, status, cancellationToken);
            return (null, false);
        }

        // 1. Gather: the target's replicas.
        TargetScale scale;
        try
        {
            scale = await target.GetAsync(policy, cancellationToken);
            runtime.TargetFailing = false;
        }
        catch (ScaleTargetException ex)
        {
            Log.TargetReadFailed(logger, ex.Message);
            var status = FailedStatus(runtime.Status ?? policy.Status, generation, now, "FailedGetScale", ex.Message, metricsKnown: false);
            record.SetStatus(status, []);
            if (!runtime.TargetFailing)
            {
                await EmitAsync(policy, record, PolicyEvent.Warning("FailedGetScale", "GetScale", ex.Message), cancellationToken);
                runtime.TargetFailing = true;
            }

            await WriteStatusIfChangedAsync(policy, runtime, status, cancellationToken);
            return (null, false);
        }

        // 1b. Gather: one sample per metric; a failure is a failed sample (fallback rule, no scale-down).
        var readings = await GatherAsync(policy, runtime, record, now, cancellationToken);

        // 2. Decide.
        var snapshot = new ScalingSnapshot
        {
            Policy = policy.Spec,
            Now = now,
            CurrentReplicas = scale.Replicas,
            ReadyReplicas = scale.ReadyReplicas,
            Metrics = [.. runtime.Windows.Select(w => new MetricWindow([.. w]))],
            ArrivalRate = runtime.ArrivalRates.Count == 0 ? null : new MetricWindow([.. runtime.ArrivalRates]),
            ServiceRatePerReplica = readings.Select(r => r?.ServiceRatePerReplica).FirstOrDefault(r => r is not null),
            InFlight = readings.Select(r => r?.InFlight).FirstOrDefault(r => r is not null),
        };
        var decision = ScalingCalculator.Decide(snapshot, runtime.State);
        Log.Decided(logger, decision.CurrentReplicas, decision.DesiredReplicas, decision.Limit.ToString(), decision.Preview, decision.Reason);

        // 3. Act.
        var applied = false;
        if (decision.ShouldApply)
        {
            try
            {
                await target.ScaleAsync(policy, decision.DesiredReplicas, cancellationToken);
                applied = true;
                runtime.State = decision.NextState;
                runtime.ScaleFailing = false;
                var up = decision.DesiredReplicas > decision.CurrentReplicas;
                var note = string.Create(CultureInfo.InvariantCulture, $"{decision.CurrentReplicas} -> {decision.DesiredReplicas}: {decision.Reason}");
                Log.Scaled(logger, decision.CurrentReplicas, decision.DesiredReplicas, decision.Reason);
                await EmitAsync(policy, record, PolicyEvent.Normal(up ? "ScaledUp" : "ScaledDown", "Scale", note), cancellationToken);
            }
            catch (ScaleTargetException ex)
            {
                // Keep the previous state: the scale did not happen, so neither did its rate-policy event.
                Log.ScaleFailed(logger, decision.DesiredReplicas, ex.Message);
                record.AddDecision(decision, applied: false);
                var status = ScalePolicyStatusCalculator.Next(runtime.Status ?? policy.Status, decision, policy.Spec, generation);
                status.LastScaleTime = runtime.Status?.LastScaleTime ?? policy.Status?.LastScaleTime;
                SetCondition(status, ScalePolicyCondition.AbleToScale, false, "FailedUpdateScale", ex.Message, now, runtime.Status ?? policy.Status);
                record.SetStatus(status, []);
                if (!runtime.ScaleFailing)
                {
                    await EmitAsync(policy, record, PolicyEvent.Warning("FailedRescale", "Scale", ex.Message), cancellationToken);
                    runtime.ScaleFailing = true;
                }

                await WriteStatusIfChangedAsync(policy, runtime, status, cancellationToken);
                return (decision, false);
            }
        }
        else
        {
            runtime.State = decision.NextState;
        }

        // 4. Record.
        record.AddDecision(decision, applied);
        var next = ScalePolicyStatusCalculator.Next(runtime.Status ?? policy.Status, decision, policy.Spec, generation);
        record.SetStatus(next, []);
        await WriteStatusIfChangedAsync(policy, runtime, next, cancellationToken);
        return (decision, true);
    }

    private async Task<MetricReading?[]> GatherAsync(V1Alpha1ScalePolicy policy, PolicyRuntime runtime, PolicyHistory record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var metrics = policy.Spec.Metrics;
        var readings = new MetricReading?[metrics.Count];
        var tasks = metrics.Select((m, i) => ReadOneAsync(m, cancellationToken)).ToArray();
        await Task.WhenAll(tasks);
        var retention = Retention(policy.Spec);
        double? arrival = null;
        for (var i = 0; i < metrics.Count; i++)
        {
            var (reading, error) = await tasks[i];
            readings[i] = reading;
            runtime.Add(i, new MetricSample(now, reading?.Value), now - retention);
            record.AddSample(now, i, metrics[i].Type, reading?.Value, error);
            arrival ??= reading?.ArrivalRate;
            if (error is null)
            {
                runtime.FailingMetrics.Remove(i);
                continue;
            }

            Log.MetricFailed(logger, i, metrics[i].Type.ToString(), error);
            if (runtime.FailingMetrics.Add(i))
            {
                await EmitAsync(policy, record, PolicyEvent.Warning("FailedGetMetrics", "GetMetrics",
                    string.Create(CultureInfo.InvariantCulture, $"spec.metrics[{i}] ({metrics[i].Type}): {error}")), cancellationToken);
            }
        }

        if (arrival is { } rate)
        {
            // The arrival-rate window is the averaging period of queue-aware capacity (30 s of samples).
            runtime.AddArrival(new MetricSample(now, rate), now - TimeSpan.FromSeconds(30));
        }

        return readings;
    }

    private async Task<(MetricReading? Reading, string? Error)> ReadOneAsync(MetricSpec metric, CancellationToken cancellationToken)
    {
        var source = _sources.FirstOrDefault(s => s.Supports(metric.Type));
        if (source is null)
        {
            return (null, $"no metric source for {metric.Type}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.MetricTimeout);
        try
        {
            return (await source.ReadAsync(metric, timeout.Token), null);
        }
        catch (MetricUnavailableException ex)
        {
            return (null, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"the read timed out after {options.Value.MetricTimeout.TotalSeconds:0.###}s"));
        }
#pragma warning disable CA1031 // A failing source must count as a failed sample, whatever it threw.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return (null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private async Task EmitAsync(V1Alpha1ScalePolicy policy, PolicyHistory record, PolicyEvent policyEvent, CancellationToken cancellationToken)
    {
        record.AddEvent(timeProvider.GetUtcNow(), policyEvent);
        try
        {
            await writer.RecordEventAsync(policy, policyEvent, cancellationToken);
        }
#pragma warning disable CA1031 // Events are best effort (as client-go's recorder): a lost event must not fail the reconcile.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Log.EventFailed(logger, policyEvent.Reason, ex.Message);
        }
    }

    private async Task WriteStatusIfChangedAsync(V1Alpha1ScalePolicy policy, PolicyRuntime runtime, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken)
    {
        // Only the decision's timestamp changes on a quiet evaluation; writing that every interval would only load the API server.
        var fingerprint = Fingerprint(status);
        runtime.Status = status;
        if (fingerprint == runtime.WrittenFingerprint)
        {
            return;
        }

        try
        {
            await writer.WriteStatusAsync(policy, status, cancellationToken);
            runtime.WrittenFingerprint = fingerprint;
        }
#pragma warning disable CA1031 // A failed status write is retried at the next evaluation (the fingerprint stays stale).
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            Log.StatusWriteFailed(logger, ex.Message);
        }
    }

    private static string Fingerprint(V1Alpha1ScalePolicy.PolicyStatus status)
    {
        var time = status.LastDecision?.Time;
        var forecast = status.Forecast;
        if (status.LastDecision is { } d)
        {
            d.Time = default;
        }

        status.Forecast = null;
        var json = JsonSerializer.Serialize(status, StatusJson);
        if (status.LastDecision is { } decision && time is { } t)
        {
            decision.Time = t;
        }

        status.Forecast = forecast;
        return json;
    }

    private static TimeSpan Retention(V1Alpha1ScalePolicy.PolicySpec spec)
    {
        // Long enough for panic's short window and a few evaluations; the core reads only recent samples.
        var retention = TimeSpan.FromSeconds(Math.Max(60, spec.EvaluationInterval.TotalSeconds * 5));
        if (spec.Panic is { } panic && panic.Window.Value > retention)
        {
            retention = panic.Window.Value;
        }

        return retention;
    }

    private static V1Alpha1ScalePolicy.PolicyStatus FailedStatus(
        V1Alpha1ScalePolicy.PolicyStatus? previous, long? generation, DateTimeOffset now, string reason, string message, bool metricsKnown)
    {
        var status = new V1Alpha1ScalePolicy.PolicyStatus
        {
            CurrentReplicas = previous?.CurrentReplicas ?? 0,
            DesiredReplicas = previous?.DesiredReplicas ?? 0,
            LastScaleTime = previous?.LastScaleTime,
            ObservedGeneration = generation,
            LastDecision = previous?.LastDecision,
            Forecast = previous?.Forecast,
        };
        SetCondition(status, ScalePolicyCondition.Ready, false, reason, message, now, previous);
        SetCondition(status, ScalePolicyCondition.AbleToScale, false, reason, message, now, previous);
        SetCondition(status, ScalePolicyCondition.ScalingActive, false, reason, message, now, previous);
        SetCondition(status, ScalePolicyCondition.ScalingLimited, false, reason, message, now, previous);
        SetCondition(status, ScalePolicyCondition.MetricsAvailable, metricsKnown, reason, message, now, previous, unknown: !metricsKnown);
        foreach (var condition in status.Conditions)
        {
            condition.ObservedGeneration = generation;
        }

        return status;
    }

    private static void SetCondition(
        V1Alpha1ScalePolicy.PolicyStatus status, string type, bool value, string reason, string message, DateTimeOffset now,
        V1Alpha1ScalePolicy.PolicyStatus? previous, bool unknown = false)
    {
        var statusText = unknown ? "Unknown" : value ? "True" : "False";
        var old = previous?.Conditions.FirstOrDefault(c => c.Type == type);
        status.Conditions.RemoveAll(c => c.Type == type);
        status.Conditions.Add(new ScalePolicyCondition
        {
            Type = type,
            Status = statusText,
            Reason = reason,
            Message = message,
            LastTransitionTime = old is not null && old.Status == statusText ? old.LastTransitionTime : now,
            ObservedGeneration = status.ObservedGeneration,
        });
    }
}
