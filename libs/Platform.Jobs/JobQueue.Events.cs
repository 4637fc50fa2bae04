using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Platform.Redis;

namespace Platform.Jobs;

public sealed partial class JobQueue
{
    // Pub/sub is a hint, not a delivery guarantee (a reconnect can drop a message): waiters also poll.
    // Stream readers subscribe to the job's own channel ({prefix}:job:{id}:notify, also told of every event);
    // completion waiters share the queue's completion channel through _completions.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Appends an event to a streaming job's event stream and wakes whoever relays it. Events are kept for
    /// <see cref="JobQueueOptions.StreamEventsTimeToLive"/>, so a client that reconnects can resume.
    /// </summary>
    /// <returns>The event's id.</returns>
    public async Task<string> AppendStreamEventAsync(string jobId, JobStreamEventKind kind, int attempt, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var reply = await _redis.ScriptEvaluateAsync(
            JobScripts.AppendEvent,
            [_keys.JobEvents(jobId)],
            [KindName(kind), attempt, data, (long)_options.StreamEventsTimeToLive.TotalMilliseconds, _keys.JobChannel(jobId)],
            cancellationToken);
        return reply.ToString()!;
    }

    /// <summary>
    /// Reads a streaming job's events as they arrive, from the start or after <paramref name="afterEventId"/>.
    /// Ends after a terminal event (<see cref="JobStreamEventKind.End"/> or <see cref="JobStreamEventKind.Error"/>),
    /// or when the job finished without one (cancelled while queued, for instance): check its status then.
    /// </summary>
    public async IAsyncEnumerable<JobStreamEvent> ReadStreamEventsAsync(string jobId, string? afterEventId = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        using var signal = new SemaphoreSlim(0);
        await using var subscription = await _redis.GetSubscriber()
            .SubscribeAsync(_keys.JobChannel(jobId), (_, _) => Release(signal), cancellationToken);

        var last = afterEventId ?? "0-0";
        var finishedSeen = false;
        while (true)
        {
            var reply = await _redis.ExecuteAsync("XRANGE", [_keys.JobEvents(jobId), "(" + last, "+", "COUNT", 256], cancellationToken);
            var entries = reply.AsArray();
            foreach (var entry in entries)
            {
                var streamEvent = ParseEvent(entry);
                last = streamEvent.Id;
                yield return streamEvent;
                if (streamEvent.IsTerminal)
                {
                    yield break;
                }
            }

            if (entries.Count > 0)
            {
                continue;
            }

            // The job may have ended without a terminal event; read once more after seeing that, then stop.
            if (finishedSeen)
            {
                yield break;
            }

            var info = await GetAsync(jobId, cancellationToken);
            if (info is null || info.IsFinished)
            {
                finishedSeen = true;
                continue;
            }

            await signal.WaitAsync(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the job finishes and returns its final state; returns the current state when
    /// <paramref name="timeout"/> passes first, and null when there is no such job.
    /// </summary>
    /// <remarks>
    /// Every waiter of this queue shares one subscription to the completion channel (made on the first call), so
    /// a wait costs no SUBSCRIBE/UNSUBSCRIBE: it reads the job's status once after registering (a job that finished
    /// before the wait began is seen there), reads the job when its completion is published, and reads the status
    /// every second in case a notification was lost while the subscriber reconnected.
    /// </remarks>
    public async Task<JobInfo?> WaitForCompletionAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        var started = Stopwatch.GetTimestamp();
        await _completions.EnsureSubscribedAsync(cancellationToken);
        using var waiter = _completions.Register(jobId);
        var finished = false;
        while (true)
        {
            var timedOut = Stopwatch.GetElapsedTime(started) >= timeout;
            if (!finished && !timedOut)
            {
                // Only the status until there is something to return: a queued job's hash holds the whole request.
                var status = await _redis.ExecuteAsync("HGET", [_keys.Job(jobId), "status"], cancellationToken);
                if (status.IsNull)
                {
                    return null;
                }

                finished = JobInfo.IsFinal(ParseStatus(status.ToString()));
            }

            if (finished || timedOut)
            {
                var info = await GetAsync(jobId, cancellationToken);
                if (info is null || info.IsFinished || timedOut)
                {
                    return info;
                }
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            // Completion is the only thing published for a job id on that channel: a wake-up means it finished.
            finished = remaining > TimeSpan.Zero && await waiter.WaitAsync(remaining < PollInterval ? remaining : PollInterval, cancellationToken);
        }
    }

    /// <summary>How many <see cref="WaitForCompletionAsync"/> calls are waiting now.</summary>
    internal int CompletionWaiterCount => _completions.Count;

    /// <summary>
    /// Calls <paramref name="onCancel"/> with the id of every running job whose cancellation is asked for,
    /// on any gateway replica. Workers cancel the matching attempt and report it with <see cref="FailAsync"/>.
    /// </summary>
    public Task<IAsyncDisposable> SubscribeCancellationsAsync(Action<string> onCancel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onCancel);
        return _redis.GetSubscriber().SubscribeAsync(
            _keys.CancelChannel, (_, message) => onCancel(System.Text.Encoding.UTF8.GetString(message.Span)), cancellationToken);
    }

    private static void Release(SemaphoreSlim signal)
    {
        // One pending wake-up is enough: the reader reads everything new each time it wakes.
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    private static JobStreamEvent ParseEvent(RedisResult entry)
    {
        var parts = entry.AsArray();
        var fields = parts[1].AsArray();
        var kind = JobStreamEventKind.Chunk;
        var attempt = 0;
        ReadOnlyMemory<byte> data = default;
        for (var i = 0; i + 1 < fields.Count; i += 2)
        {
            switch (fields[i].ToString())
            {
                case "k": kind = ParseKind(fields[i + 1].ToString()); break;
                case "a": attempt = int.Parse(fields[i + 1].ToString()!, CultureInfo.InvariantCulture); break;
                case "d": data = fields[i + 1].AsMemory(); break;
            }
        }

        return new JobStreamEvent(parts[0].ToString()!, kind, attempt, data);
    }

    private static string KindName(JobStreamEventKind kind) => kind switch
    {
        JobStreamEventKind.Chunk => "chunk",
        JobStreamEventKind.End => "end",
        JobStreamEventKind.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stream event kind."),
    };

    private static JobStreamEventKind ParseKind(string? name) => name switch
    {
        "end" => JobStreamEventKind.End,
        "error" => JobStreamEventKind.Error,
        _ => JobStreamEventKind.Chunk,
    };
}
