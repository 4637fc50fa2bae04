using System.Globalization;
using Platform.Redis;

namespace Platform.Jobs;

public sealed partial class JobQueue
{
    /// <summary>
    /// Delivers up to <paramref name="count"/> jobs to <paramref name="consumer"/>, higher priorities first.
    /// When nothing waits, blocks up to <paramref name="block"/> for the next job of any priority (on a
    /// dedicated connection, so other callers are not held up). Each returned lease is a started attempt.
    /// </summary>
    public async Task<IReadOnlyList<JobLease>> ReadAsync(string consumer, int count, TimeSpan block, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);

        try
        {
            return await ReadCoreAsync(consumer, count, block, cancellationToken);
        }
        catch (RedisServerException ex) when (ex.Prefix == "NOGROUP")
        {
            // The group vanished (a Redis without persistence restarted, or was flushed): recreate and go on.
            Log.ConsumerGroupRecreated(_logger, _options.ConsumerGroup);
            await EnsureCreatedAsync(cancellationToken);
            return await ReadCoreAsync(consumer, count, block, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<JobLease>> ReadCoreAsync(string consumer, int count, TimeSpan block, CancellationToken cancellationToken)
    {
        // One script reads the priority streams in order (strict priority: a lower stream is read only for what the
        // higher ones could not fill) and starts every entry it read: one round trip, however many entries.
        // The attempts start inside the read: once sent, the call must be seen through even if the caller gives up.
        cancellationToken.ThrowIfCancellationRequested();
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.ReadAndStart,
            [_keys.Stream(JobPriority.High), _keys.Stream(JobPriority.Normal), _keys.Stream(JobPriority.Low), _keys.Stats, _keys.DeadLetter],
            [_options.ConsumerGroup, consumer, count, _options.DeadLetterMaxLength, ResultTtlMs, _keys.Prefix],
            CancellationToken.None);
        var leases = new List<JobLease>(count);
        AddStarted(reply, leases, reclaimedBy: null);

        if (leases.Count == 0 && block > TimeSpan.Zero)
        {
            object[] args =
            [
                "GROUP", _options.ConsumerGroup, consumer, "COUNT", 1, "BLOCK", (long)block.TotalMilliseconds, "STREAMS",
                _keys.Stream(JobPriority.High), _keys.Stream(JobPriority.Normal), _keys.Stream(JobPriority.Low), ">", ">", ">",
            ];
            var read = await _redis.ExecuteAsync("XREADGROUP", args, cancellationToken);

            // XREADGROUP: null when nothing arrived, else [[stream, [[id, [field, value...]]...]]...].
            if (!read.IsNull)
            {
                foreach (var stream in read.AsArray())
                {
                    var pair = stream.AsArray();
                    await StartEntriesAsync(PriorityOfStream(pair[0].ToString()), pair[1].AsArray(), consumer, leases, reclaimed: false);
                }
            }
        }

        return leases;
    }

    /// <summary>
    /// Takes over deliveries that other consumers left unacknowledged for longer than the visibility timeout
    /// (a crashed or killed worker's jobs) and starts a new attempt of each. Call it periodically.
    /// </summary>
    public async Task<IReadOnlyList<JobLease>> ReclaimAsync(string consumer, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var leases = new List<JobLease>();
        var minIdle = (long)_options.VisibilityTimeout.TotalMilliseconds;
        foreach (var priority in JobKeys.PrioritiesInReadOrder)
        {
            var wanted = count - leases.Count;
            if (wanted <= 0)
            {
                break;
            }

            RedisResult reply;
            try
            {
                reply = await _redis.ExecuteAsync(
                    "XAUTOCLAIM", [_keys.Stream(priority), _options.ConsumerGroup, consumer, minIdle, "0-0", "COUNT", wanted],
                    cancellationToken);
            }
            catch (RedisServerException ex) when (ex.Prefix == "NOGROUP")
            {
                await EnsureCreatedAsync(cancellationToken);
                continue;
            }

            // [next cursor, [[id, fields]...], [deleted ids]]: deleted entries left the PEL already.
            var claimed = reply.AsArray()[1].AsArray();
            await StartEntriesAsync(priority, claimed, consumer, leases, reclaimed: true);
        }

        return leases;
    }

    /// <summary>
    /// Stores a job's result (kept for <see cref="JobQueueOptions.ResultTimeToLive"/>) and acknowledges the
    /// delivery. Returns false when the job had already finished (a reclaimed duplicate finished first) or was
    /// cancelled; the first result stands.
    /// </summary>
    /// <param name="lease">The attempt that produced the result.</param>
    /// <param name="result">The result.</param>
    /// <param name="fields">Extra fields to store with the result (usage, cost, served model), read back as <see cref="JobInfo.ResultFields"/>.</param>
    /// <param name="cancellationToken">Cancels the call (not the completion once sent).</param>
    public async Task<bool> CompleteAsync(JobLease lease, ReadOnlyMemory<byte> result, IReadOnlyDictionary<string, string>? fields = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var args = new List<object>(6 + (fields?.Count ?? 0) * 2)
        {
            lease.EntryId, _options.ConsumerGroup, result, ResultTtlMs, _keys.JobChannel(lease.JobId),
        };
        if (fields is not null)
        {
            foreach (var (name, value) in fields)
            {
                args.Add(name);
                args.Add(value);
            }
        }

        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.Complete, [_keys.Job(lease.JobId), _keys.Stream(lease.Priority), _keys.Stats], args, cancellationToken);
        var status = reply.ToString();
        if (status == "succeeded")
        {
            Log.JobCompleted(_logger, lease.JobId, lease.Attempt);
            return true;
        }

        Log.JobCompletionIgnored(_logger, lease.JobId, lease.Attempt, status ?? "missing");
        return false;
    }

    /// <summary>
    /// Records a failed attempt and decides what follows: the retry schedule (exponential backoff with jitter,
    /// at least the delay the provider asked for), failure for good (not retryable), or the dead-letter stream
    /// (attempts spent). The error history is kept with the job.
    /// </summary>
    public async Task<FailResult> FailAsync(JobLease lease, JobError error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentNullException.ThrowIfNull(error);
        var delay = _options.Backoff.GetDelay(lease.Attempt, error.RetryAfter, _random);
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.Fail,
            [_keys.Job(lease.JobId), _keys.Stream(lease.Priority), _keys.Stats, _keys.DeadLetter, _keys.RetrySchedule],
            [
                lease.EntryId, _options.ConsumerGroup, lease.Attempt, error.Code, error.Message, error.Retryable ? 1 : 0,
                (long)delay.TotalMilliseconds, _options.DeadLetterMaxLength, ResultTtlMs, _keys.JobChannel(lease.JobId),
            ],
            cancellationToken);
        var parts = reply.AsStringArray();
        var result = parts[0] switch
        {
            "retry" => new FailResult(FailOutcome.RetryScheduled,
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1]!, CultureInfo.InvariantCulture))),
            "failed" => new FailResult(FailOutcome.Failed),
            "dead_lettered" => new FailResult(FailOutcome.DeadLettered),
            "cancelled" => new FailResult(FailOutcome.Cancelled),
            _ => new FailResult(FailOutcome.Stale),
        };
        Log.JobAttemptFailed(_logger, lease.JobId, lease.Attempt, error.Code, result.Outcome);
        return result;
    }

    /// <summary>
    /// Keeps a running job from being reclaimed: resets its delivery's idle time. Returns false when the
    /// delivery is no longer this consumer's (it was reclaimed, or the job finished).
    /// </summary>
    public async Task<bool> ExtendLeaseAsync(JobLease lease, string consumer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.ExtendLease, [_keys.Stream(lease.Priority)], [_options.ConsumerGroup, consumer, lease.EntryId], cancellationToken);
        return reply.AsInt64() == 1;
    }

    /// <summary>Moves retries that are due back to their streams. Safe to call from every worker at once.</summary>
    /// <returns>How many jobs were moved.</returns>
    public async Task<int> PromoteDueRetriesAsync(int limit = 1000, CancellationToken cancellationToken = default)
    {
        var reply = await _redis.ScriptEvaluateAsync(JobScripts.PromoteDue, [_keys.RetrySchedule], [_keys.Prefix, limit], cancellationToken);
        return (int)reply.AsInt64();
    }

    /// <summary>Starts delivered entries of one stream with one script call, adding the started attempts to <paramref name="leases"/>.</summary>
    private async Task StartEntriesAsync(JobPriority priority, IReadOnlyList<RedisResult> entries, string consumer, List<JobLease> leases, bool reclaimed)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var args = new object[5 + entries.Count * 2];
        args[0] = _options.ConsumerGroup;
        args[1] = consumer;
        args[2] = _options.DeadLetterMaxLength;
        args[3] = ResultTtlMs;
        args[4] = _keys.Prefix;
        for (var i = 0; i < entries.Count; i++)
        {
            var (entryId, jobId) = ParseEntry(entries[i]);
            args[5 + i * 2] = entryId;
            args[6 + i * 2] = jobId ?? "";
        }

        // The attempts start now: once started, they must be recorded even if the caller gives up waiting.
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.StartEntries, [_keys.Stream(priority), _keys.Stats, _keys.DeadLetter], args, CancellationToken.None);
        AddStarted(reply, leases, reclaimed ? consumer : null);
    }

    /// <summary>An entry of a stream read: its id and the job it carries (null for an entry this queue did not write).</summary>
    private static (string EntryId, string? JobId) ParseEntry(RedisResult entry)
    {
        var parts = entry.AsArray();
        var entryId = parts[0].ToString()!;
        string? jobId = null;
        if (!parts[1].IsNull)
        {
            var fields = parts[1].AsArray();
            for (var i = 0; i + 1 < fields.Count; i += 2)
            {
                if (fields[i].ToString() == "job")
                {
                    jobId = fields[i + 1].ToString();
                }
            }
        }

        return (entryId, jobId);
    }

    /// <summary>Reads the per-entry replies of a start script: started attempts become leases, skipped deliveries are logged.</summary>
    private void AddStarted(RedisResult reply, List<JobLease> leases, string? reclaimedBy)
    {
        foreach (var item in reply.AsArray())
        {
            var r = item.AsArray();
            if (r[0].ToString() != "run")
            {
                Log.DeliverySkipped(_logger, r[2].ToString() ?? "", r[1].ToString() ?? "");
                continue;
            }

            var lease = ToLease(r);
            if (reclaimedBy is not null)
            {
                Log.JobReclaimed(_logger, lease.JobId, lease.Attempt, reclaimedBy);
            }

            leases.Add(lease);
        }
    }

    /// <summary>
    /// A started attempt from {'run', entry, attempts, max, now, id, payload, priority, tenant, model, traceparent,
    /// created, enqueued}.
    /// </summary>
    private static JobLease ToLease(IReadOnlyList<RedisResult> r)
    {
        static DateTimeOffset Ms(RedisResult value) =>
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(value.ToString()!, CultureInfo.InvariantCulture));

        var model = r[9].ToString();
        var traceParent = r[10].ToString();
        return new JobLease
        {
            JobId = r[5].ToString()!,
            EntryId = r[1].ToString()!,
            Priority = JobKeys.ParsePriority(r[7].ToString()),
            Attempt = int.Parse(r[2].ToString()!, CultureInfo.InvariantCulture),
            MaxAttempts = int.Parse(r[3].ToString()!, CultureInfo.InvariantCulture),
            StartedAt = Ms(r[4]),
            Payload = r[6].AsMemory(),
            Tenant = r[8].ToString() ?? "default",
            Model = string.IsNullOrEmpty(model) ? null : model,
            TraceParent = string.IsNullOrEmpty(traceParent) ? null : traceParent,
            CreatedAt = Ms(r[11]),
            EnqueuedAt = Ms(r[12]),
        };
    }

    private JobPriority PriorityOfStream(string? stream)
    {
        foreach (var priority in JobKeys.PrioritiesInReadOrder)
        {
            if (stream == _keys.Stream(priority))
            {
                return priority;
            }
        }

        return JobPriority.Normal;
    }
}
