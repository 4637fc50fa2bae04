using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Operator.History;
using Platform.Operator.Reconciliation;
using Platform.Scaling.Policy;

namespace Platform.Operator.Hosting;

/// <summary>
/// Runs each policy's reconcile every <c>spec.evaluationInterval</c> (at once when the policy is new or its spec
/// changed), never two reconciles of one policy at a time, only while <c>canReconcile</c> holds (the leader). On
/// stop it starts no new reconcile and waits for the ones in flight (up to <see cref="OperatorOptions.ShutdownTimeout"/>).
/// </summary>
internal sealed class ReconcileScheduler(ScalePolicyController controller, IOptions<OperatorOptions> options, TimeProvider timeProvider, ILogger<ReconcileScheduler> logger)
{
    private readonly Dictionary<string, (DateTimeOffset Due, long? Generation)> _schedule = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task> _inFlight = new(StringComparer.Ordinal);

    /// <summary>Schedules until <paramref name="stoppingToken"/> is cancelled, then drains in-flight reconciles.</summary>
    public async Task RunAsync(IPolicySource source, Func<bool> canReconcile, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(canReconcile);

        // In-flight reconciles get their own token so that a stop lets them finish (graceful shutdown).
        using var reconcileCts = new CancellationTokenSource();
        using var timer = new PeriodicTimer(options.Value.SchedulerTick, timeProvider);
        try
        {
            do
            {
                try
                {
                    Tick(source, canReconcile, reconcileCts.Token);
                }
#pragma warning disable CA1031 // The scheduler must survive anything a policy source throws.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.LoopFailed(logger, "scheduler", ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] running;
        lock (_inFlight)
        {
            running = [.. _inFlight.Values];
        }

        var all = Task.WhenAll(running);
        var timeout = options.Value.ShutdownTimeout;
        if (await Task.WhenAny(all, Task.Delay(timeout, timeProvider, CancellationToken.None)) != all)
        {
            Log.ShutdownTimedOut(logger, timeout);
            await reconcileCts.CancelAsync();
            await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(1), timeProvider, CancellationToken.None));
        }
    }

    private void Tick(IPolicySource source, Func<bool> canReconcile, CancellationToken reconcileToken)
    {
        var policies = source.Current();
        var now = timeProvider.GetUtcNow();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            present.Add(PolicyHistoryStore.Key(policy));
        }

        foreach (var gone in _schedule.Keys.Where(k => !present.Contains(k)).ToList())
        {
            _schedule.Remove(gone);
            controller.Forget(gone);
        }

        if (!canReconcile())
        {
            return;
        }

        foreach (var policy in policies)
        {
            var key = PolicyHistoryStore.Key(policy);
            lock (_inFlight)
            {
                if (_inFlight.ContainsKey(key))
                {
                    continue;
                }
            }

            var generation = policy.Metadata.Generation;
            if (_schedule.TryGetValue(key, out var entry) && entry.Generation == generation && now < entry.Due)
            {
                continue;
            }

            var interval = policy.Spec.EvaluationInterval.Value;
            _schedule[key] = (now + (interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(15)), generation);
            // Mark the key before starting, so a reconcile that finishes at once cannot leave a stale entry behind.
            lock (_inFlight)
            {
                _inFlight[key] = Task.CompletedTask;
            }

            var task = ReconcileOneAsync(key, policy, reconcileToken);
            lock (_inFlight)
            {
                if (_inFlight.ContainsKey(key))
                {
                    _inFlight[key] = task;
                }
            }
        }
    }

    private async Task ReconcileOneAsync(string key, V1Alpha1ScalePolicy policy, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await controller.ReconcileAsync(policy, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One policy's failure must not stop the others; it is retried at its next interval.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReconcileCrashed(logger, key, ex);
        }
        finally
        {
            lock (_inFlight)
            {
                _inFlight.Remove(key);
            }
        }
    }
}
