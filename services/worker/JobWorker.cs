using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Llm;
using Platform.Worker.Options;
using Platform.Worker.Processing;
using Platform.Worker.Telemetry;

namespace Platform.Worker;

/// <summary>
/// The hosted consumer: runs up to <see cref="WorkerOptions.Concurrency"/> jobs at once, higher priorities first;
/// extends the leases of running jobs, reclaims crashed workers' jobs, promotes due retries and publishes
/// heartbeats; cancels a job when its client asks. On shutdown it stops reading at once, lets running jobs finish
/// within the grace period and abandons the rest, leaving them pending for another worker.
/// </summary>
internal sealed class JobWorker(
    JobQueue queue, LlmJobProcessor processor, IOptions<WorkerOptions> options, WorkerMetrics metrics, TimeProvider timeProvider, ILogger<JobWorker> logger)
    : BackgroundService
{
    private const double AverageWeight = 0.2;

    private readonly WorkerOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, RunningJob> _running = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.Value.Concurrency, options.Value.Concurrency);
    private readonly Lock _averageLock = new();
    private readonly DateTimeOffset _startedAt = timeProvider.GetUtcNow();
    private long _completed;
    private long _failed;
    private double _averageServiceMs;
    private volatile bool _draining;

    /// <summary>Jobs running now.</summary>
    public int InFlight => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.WorkerStarted(logger, _options.ConsumerName, _options.Concurrency, string.Join(",", _options.Models.Keys));
        if (!await UntilDoneAsync("setup", ct => queue.EnsureCreatedAsync(ct), stoppingToken))
        {
            return;
        }

        IAsyncDisposable? subscription = null;
        await UntilDoneAsync("subscribe", async ct => subscription = await queue.SubscribeCancellationsAsync(OnCancelRequested, ct), stoppingToken);

        // Maintenance outlives the read loop: running jobs keep their leases and heartbeats keep flowing while draining.
        using var maintenanceStop = new CancellationTokenSource();
        var leaseInterval = queue.Options.VisibilityTimeout / 3;
        Task[] maintenance =
        [
            RunPeriodicAsync("heartbeat", _options.HeartbeatInterval, PublishHeartbeatAsync, maintenanceStop.Token),
            RunPeriodicAsync("promote", _options.PromoteInterval, async ct => await queue.PromoteDueRetriesAsync(cancellationToken: ct), maintenanceStop.Token),
            RunPeriodicAsync("lease", leaseInterval, ExtendLeasesAsync, maintenanceStop.Token),
        ];
        try
        {
            await ConsumeAsync(stoppingToken);
        }
        finally
        {
            _draining = true;
            await DrainAsync();
            await maintenanceStop.CancelAsync();
            await Task.WhenAll(maintenance);
            await PublishFinalHeartbeatAsync();
            if (subscription is not null)
            {
                await subscription.DisposeAsync();
            }
        }
    }

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        var errors = 0;
        var lastReclaim = timeProvider.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            var held = 0;
            try
            {
                await _slots.WaitAsync(stoppingToken);
                held = 1 + TakeFreeSlots(_options.Concurrency - 1);

                // Reclaiming happens here, with the free slots this loop holds, so that the blocking read never starves it.
                if (timeProvider.GetElapsedTime(lastReclaim) >= _options.ReclaimInterval)
                {
                    lastReclaim = timeProvider.GetTimestamp();
                    foreach (var lease in await queue.ReclaimAsync(_options.ConsumerName, held, stoppingToken))
                    {
                        Start(lease);
                        held--;
                    }
                }

                if (held > 0)
                {
                    var leases = await queue.ReadAsync(_options.ConsumerName, held, _options.BlockTime, stoppingToken);
                    foreach (var lease in leases)
                    {
                        Start(lease);
                        held--;
                    }
                }

                errors = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                errors++;
                await BackoffAsync("read", ex, errors, stoppingToken);
            }
            finally
            {
                if (held > 0)
                {
                    _slots.Release(held);
                }
            }
        }
    }

    private int TakeFreeSlots(int most)
    {
        var taken = 0;
        while (taken < most && _slots.Wait(0))
        {
            taken++;
        }

        return taken;
    }

    private void Start(JobLease lease)
    {
        var job = new RunningJob(lease);
        if (_running.TryGetValue(lease.JobId, out var previous))
        {
            // This worker reclaimed its own delivery: the earlier attempt lost its lease.
            _ = previous.AbandonAsync();
        }

        _running[lease.JobId] = job;
        metrics.InFlightChanged(1);
        metrics.RecordQueueWait(lease.StartedAt - lease.EnqueuedAt, lease.Model);
        job.Completion = Task.Run(() => RunAsync(job));
    }

    private async Task RunAsync(RunningJob job)
    {
        var lease = job.Lease;
        var started = timeProvider.GetTimestamp();
        using var activity = StartActivity(lease);
        try
        {
            JobOutcome outcome;
            try
            {
                outcome = await processor.ProcessAsync(lease, job.Token);
            }
            catch (OperationCanceledException) when (job.Token.IsCancellationRequested)
            {
                if (job.Abandoned)
                {
                    Log.JobAbandoned(logger, lease.JobId, lease.Attempt);
                    activity?.SetTag("platform.job.outcome", "abandoned");
                    return;
                }

                outcome = JobOutcome.Failure(new JobError { Message = "Cancelled by the client.", Code = LlmErrorCodes.Cancelled, Retryable = false });
            }

            // The outcome must reach the queue even while the worker shuts down: no token; Redis calls time out on their own.
            if (outcome.Result is { } result)
            {
                if (!await queue.CompleteAsync(lease, result, outcome.Fields, CancellationToken.None))
                {
                    // Another attempt finished first, or the client cancelled meanwhile: the first outcome stands.
                    activity?.SetTag("platform.job.outcome", "stale");
                    return;
                }

                Interlocked.Increment(ref _completed);
                metrics.JobCompleted(lease.Model, lease.Tenant);
                activity?.SetTag("platform.job.outcome", "succeeded");
                var fields = outcome.Fields!;
                Log.JobSucceeded(logger, lease.JobId, lease.Attempt, fields.GetValueOrDefault(LlmResultFields.Model),
                    fields.GetValueOrDefault(LlmResultFields.PromptTokens), fields.GetValueOrDefault(LlmResultFields.CompletionTokens),
                    (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            }
            else
            {
                var error = outcome.Error!;
                var failed = await queue.FailAsync(lease, error, CancellationToken.None);
                Interlocked.Increment(ref _failed);
                RecordFailure(lease, error, failed.Outcome);
                activity?.SetStatus(ActivityStatusCode.Error, error.Code);
                activity?.SetTag("error.type", error.Code);
                activity?.SetTag("platform.job.outcome", failed.Outcome.ToString());
            }

            UpdateAverage(timeProvider.GetElapsedTime(started));
        }
        catch (Exception ex)
        {
            // Redis is unreachable or the job broke the worker: the delivery stays pending and is reclaimed later.
            Log.ReportFailed(logger, ex, lease.JobId, lease.Attempt);
        }
        finally
        {
            _running.TryRemove(new KeyValuePair<string, RunningJob>(lease.JobId, job));
            metrics.InFlightChanged(-1);
            job.Dispose();
            _slots.Release();
        }
    }

    private void RecordFailure(JobLease lease, JobError error, FailOutcome outcome)
    {
        Log.JobFailed(logger, lease.JobId, lease.Attempt, error.Code, outcome);
        metrics.JobFailed(lease.Model, lease.Tenant, outcome.ToString());
        switch (outcome)
        {
            case FailOutcome.RetryScheduled:
                metrics.JobRetried(lease.Model, lease.Tenant);
                break;
            case FailOutcome.DeadLettered:
                metrics.JobDeadLettered(lease.Model, lease.Tenant);
                break;
        }
    }

    private static Activity? StartActivity(JobLease lease)
    {
        ActivityContext.TryParse(lease.TraceParent, null, out var parent);
        var activity = WorkerTelemetry.ActivitySource.StartActivity("process llm job", ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.operation.type", "process");
        activity?.SetTag("messaging.message.id", lease.JobId);
        activity?.SetTag("platform.job.id", lease.JobId);
        activity?.SetTag("platform.job.attempt", lease.Attempt);
        activity?.SetTag("platform.tenant", lease.Tenant);
        activity?.SetTag("gen_ai.request.model", lease.Model);
        return activity;
    }

    private void OnCancelRequested(string jobId)
    {
        if (_running.TryGetValue(jobId, out var job))
        {
            Log.CancelRequested(logger, jobId, job.Lease.Attempt);
            _ = job.CancelByClientAsync();
        }
    }

    private async Task ExtendLeasesAsync(CancellationToken cancellationToken)
    {
        foreach (var job in _running.Values)
        {
            if (!await queue.ExtendLeaseAsync(job.Lease, _options.ConsumerName, cancellationToken) && !job.Token.IsCancellationRequested)
            {
                Log.LeaseLost(logger, job.Lease.JobId, job.Lease.Attempt);
                _ = job.AbandonAsync();
            }
        }
    }

    private async Task PublishHeartbeatAsync(CancellationToken cancellationToken) =>
        await queue.PublishHeartbeatAsync(Heartbeat(), cancellationToken);

    private async Task PublishFinalHeartbeatAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await queue.PublishHeartbeatAsync(Heartbeat(), timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.LoopFailed(logger, ex, "heartbeat", 0);
        }
    }

    private WorkerHeartbeat Heartbeat()
    {
        double average;
        lock (_averageLock)
        {
            average = _averageServiceMs;
        }

        return new WorkerHeartbeat
        {
            WorkerId = _options.ConsumerName,
            InFlight = _running.Count,
            Capacity = _draining ? 0 : _options.Concurrency,
            Completed = Interlocked.Read(ref _completed),
            Failed = Interlocked.Read(ref _failed),
            AverageServiceTime = TimeSpan.FromMilliseconds(average),
            StartedAt = _startedAt,
        };
    }

    private void UpdateAverage(TimeSpan serviceTime)
    {
        lock (_averageLock)
        {
            _averageServiceMs = WorkerCalculator.MovingAverage(_averageServiceMs, serviceTime.TotalMilliseconds, AverageWeight);
        }
    }

    private async Task DrainAsync()
    {
        var jobs = _running.Values.ToArray();
        Log.Draining(logger, jobs.Length, _options.ShutdownGracePeriod.TotalSeconds);
        if (jobs.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(jobs.Select(j => j.Completion));
        try
        {
            await all.WaitAsync(_options.ShutdownGracePeriod, timeProvider);
            return;
        }
        catch (TimeoutException)
        {
        }

        var left = _running.Values.ToArray();
        Log.Abandoning(logger, left.Length);
        await Task.WhenAll(left.Select(j => j.AbandonAsync()));
        try
        {
            await all.WaitAsync(TimeSpan.FromSeconds(3), timeProvider);
        }
        catch (TimeoutException)
        {
            // A provider ignoring cancellation must not hold the process; its deliveries stay pending anyway.
        }
    }

    private async Task<bool> UntilDoneAsync(string loop, Func<CancellationToken, Task> action, CancellationToken stoppingToken)
    {
        for (var errors = 1; ; errors++)
        {
            try
            {
                await action(stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception ex)
            {
                if (!await BackoffAsync(loop, ex, errors, stoppingToken))
                {
                    return false;
                }
            }
        }
    }

    private async Task RunPeriodicAsync(string loop, TimeSpan interval, Func<CancellationToken, Task> action, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        var errors = 0;
        try
        {
            do
            {
                try
                {
                    await action(stoppingToken);
                    errors = 0;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    errors++;
                    if (!await BackoffAsync(loop, ex, errors, stoppingToken))
                    {
                        return;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Logs a loop failure and waits a jittered, growing delay (capped at 30 s). False when stopping.</summary>
    private async Task<bool> BackoffAsync(string loop, Exception exception, int errors, CancellationToken stoppingToken)
    {
        var delay = WorkerCalculator.Backoff(errors, Random.Shared.NextDouble());
        Log.LoopFailed(logger, exception, loop, (long)delay.TotalMilliseconds);
        try
        {
            await Task.Delay(delay, timeProvider, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
