using System.Globalization;
using Platform.Redis;

namespace Platform.Jobs;

public sealed partial class JobQueue
{
    /// <summary>
    /// Reads the queue's state for the autoscaler and dashboards: backlog, pending, retry schedule, oldest
    /// waiting age, dead letters and monotonic counters. The commands go out together on the multiplexed
    /// connection, so a reading costs one round trip's latency.
    /// </summary>
    public async Task<QueueStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var time = _redis.ExecuteAsync("TIME", [], cancellationToken);
        var streams = JobKeys.PrioritiesInReadOrder
            .Select(p => (Priority: p, Task: ReadStreamStateAsync(_keys.Stream(p), cancellationToken)))
            .ToArray();
        var scheduled = _redis.ExecuteAsync("ZCARD", [_keys.RetrySchedule], cancellationToken);
        var dead = _redis.ExecuteAsync("XLEN", [_keys.DeadLetter], cancellationToken);
        var counters = _redis.ExecuteAsync("HGETALL", [_keys.Stats], cancellationToken);
        await Task.WhenAll(streams.Select(s => (Task)s.Task).Append(time).Append(scheduled).Append(dead).Append(counters));

        var t = (await time).AsArray();
        var nowMs = long.Parse(t[0].ToString()!, CultureInfo.InvariantCulture) * 1000
            + long.Parse(t[1].ToString()!, CultureInfo.InvariantCulture) / 1000;

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var flat = (await counters).AsArray();
        for (var i = 0; i + 1 < flat.Count; i += 2)
        {
            counts[flat[i].ToString()!] = flat[i + 1].AsInt64();
        }

        long backlog = 0, pending = 0;
        long? oldestWaiting = null, oldestPending = null;
        var byPriority = new Dictionary<JobPriority, long>();
        foreach (var (priority, task) in streams)
        {
            var state = await task;
            backlog += state.Backlog;
            pending += state.Pending;
            byPriority[priority] = state.Backlog;
            oldestWaiting = Min(oldestWaiting, state.OldestWaitingMs);
            oldestPending = Min(oldestPending, state.OldestPendingMs);
        }

        return new QueueStatistics
        {
            Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(nowMs),
            Backlog = backlog,
            Pending = pending,
            Scheduled = (await scheduled).AsInt64(),
            OldestWaitingAge = Age(nowMs, oldestWaiting),
            OldestPendingAge = Age(nowMs, oldestPending),
            DeadLetterLength = (await dead).AsInt64(),
            Added = counts.GetValueOrDefault("added"),
            Completed = counts.GetValueOrDefault("completed"),
            Failed = counts.GetValueOrDefault("failed"),
            Retried = counts.GetValueOrDefault("retried"),
            DeadLettered = counts.GetValueOrDefault("dead_lettered"),
            Cancelled = counts.GetValueOrDefault("cancelled"),
            BacklogByPriority = byPriority,
        };
    }

    private async Task<StreamState> ReadStreamStateAsync(string stream, CancellationToken cancellationToken)
    {
        var length = _redis.ExecuteAsync("XLEN", [stream], cancellationToken);
        var groups = _redis.ExecuteAsync("XINFO", ["GROUPS", stream], cancellationToken);
        var summary = _redis.ExecuteAsync("XPENDING", [stream, _options.ConsumerGroup], cancellationToken);
        try
        {
            await Task.WhenAll(length, groups, summary);
        }
        catch (RedisServerException ex) when (ex.Prefix is "ERR" or "NOGROUP")
        {
            // No stream or no group yet: everything in the stream (if any) waits.
            var total = length.IsCompletedSuccessfully ? (await length).AsInt64() : 0;
            return new StreamState(total, 0, await FirstEntryMsAsync(stream, "-", cancellationToken), null);
        }

        // XPENDING summary: [count, smallest id, greatest id, [[consumer, count]...]].
        var pendingSummary = (await summary).AsArray();
        var pending = pendingSummary[0].AsInt64();
        var oldestPending = pending > 0 ? EntryMs(pendingSummary[1].ToString()) : null;

        string? lastDelivered = null;
        foreach (var group in (await groups).AsArray())
        {
            var fields = group.AsArray();
            string? name = null, last = null;
            for (var i = 0; i + 1 < fields.Count; i += 2)
            {
                switch (fields[i].ToString())
                {
                    case "name": name = fields[i + 1].ToString(); break;
                    case "last-delivered-id": last = fields[i + 1].ToString(); break;
                }
            }

            if (name == _options.ConsumerGroup)
            {
                lastDelivered = last;
            }
        }

        // Acknowledged entries are deleted, so the stream holds only what waits and what is out with workers.
        var backlog = Math.Max(0, (await length).AsInt64() - pending);
        var oldestWaiting = backlog > 0 ? await FirstEntryMsAsync(stream, "(" + (lastDelivered ?? "0-0"), cancellationToken) : null;
        return new StreamState(backlog, pending, oldestWaiting, oldestPending);
    }

    private async Task<long?> FirstEntryMsAsync(string stream, string start, CancellationToken cancellationToken)
    {
        var reply = await _redis.ExecuteAsync("XRANGE", [stream, start, "+", "COUNT", 1], cancellationToken);
        var entries = reply.AsArray();
        return entries.Count == 0 ? null : EntryMs(entries[0].AsArray()[0].ToString());
    }

    /// <summary>Stream entry ids start with the server's time in milliseconds when the entry was added.</summary>
    internal static long? EntryMs(string? entryId)
    {
        if (entryId is null)
        {
            return null;
        }

        var dash = entryId.IndexOf('-', StringComparison.Ordinal);
        var ms = dash < 0 ? entryId : entryId[..dash];
        return long.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static TimeSpan Age(long nowMs, long? sinceMs) =>
        sinceMs is { } since && nowMs > since ? TimeSpan.FromMilliseconds(nowMs - since) : TimeSpan.Zero;

    private sealed record StreamState(long Backlog, long Pending, long? OldestWaitingMs, long? OldestPendingMs);
}
