using Microsoft.Extensions.Options;
using Platform.Jobs;

namespace Platform.Gateway.Limits;

/// <summary>
/// Knows the queue's backlog without a Redis round trip per request: a reading is reused for
/// <see cref="GatewayOptions.BacklogRefreshInterval"/>, and only one reading is in flight at a time.
/// </summary>
internal sealed class BacklogMonitor(JobQueue queue, IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly Lock _refreshLock = new();
    private Task<long>? _refresh;
    private QueueStatistics? _statistics;
    private long _readAtTicks; // 0 until the first reading

    /// <summary>The last reading of the queue's statistics; null before the first.</summary>
    public QueueStatistics? LastStatistics => Volatile.Read(ref _statistics);

    /// <summary>
    /// The backlog, read again if the last reading is older than the refresh interval. Concurrent callers share one
    /// reading and its outcome: when Redis is down they all fail together after one command timeout, instead of
    /// queueing behind each other's timeouts (a convoy that grew with the number of waiting requests).
    /// </summary>
    public async ValueTask<long> GetBacklogAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.BacklogRefreshInterval;
        if (IsFresh(interval))
        {
            return Backlog(LastStatistics!);
        }

        Task<long> refresh;
        lock (_refreshLock)
        {
            if (IsFresh(interval))
            {
                return Backlog(LastStatistics!);
            }

            if (_refresh is null || _refresh.IsCompleted)
            {
                _refresh = RefreshAsync();
            }

            refresh = _refresh;
        }

        return await refresh.WaitAsync(cancellationToken);
    }

    private async Task<long> RefreshAsync()
    {
        // Shared by every caller waiting now, so no single caller's token may cancel it; the command timeout bounds it.
        var statistics = await queue.GetStatisticsAsync(CancellationToken.None);
        Volatile.Write(ref _statistics, statistics);
        Volatile.Write(ref _readAtTicks, time.GetTimestamp());
        return Backlog(statistics);
    }

    // Retries waiting in the schedule will come back: they count against the limit too.
    private static long Backlog(QueueStatistics statistics) => statistics.Backlog + statistics.Scheduled;

    private bool IsFresh(TimeSpan interval)
    {
        var readAt = Volatile.Read(ref _readAtTicks);
        return readAt != 0 && time.GetElapsedTime(readAt) < interval;
    }
}
