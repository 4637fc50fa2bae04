using Microsoft.Extensions.Options;
using Platform.Jobs;

namespace Platform.Gateway.Limits;

/// <summary>
/// Knows the queue's backlog without a Redis round trip per request: a reading is reused for
/// <see cref="GatewayOptions.BacklogRefreshInterval"/>, and only one request at a time refreshes it.
/// </summary>
internal sealed class BacklogMonitor(JobQueue queue, IOptions<GatewayOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private long _backlog;
    private QueueStatistics? _statistics;
    private long _readAtTicks; // 0 until the first reading

    /// <summary>The last reading of the queue's statistics; null before the first.</summary>
    public QueueStatistics? LastStatistics => Volatile.Read(ref _statistics);

    /// <summary>The backlog, read again if the last reading is older than the refresh interval.</summary>
    public async ValueTask<long> GetBacklogAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.BacklogRefreshInterval;
        if (IsFresh(interval))
        {
            return Volatile.Read(ref _backlog);
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (!IsFresh(interval))
            {
                var statistics = await queue.GetStatisticsAsync(cancellationToken);
                // Retries waiting in the schedule will come back: they count against the limit too.
                Volatile.Write(ref _backlog, statistics.Backlog + statistics.Scheduled);
                Volatile.Write(ref _statistics, statistics);
                Volatile.Write(ref _readAtTicks, time.GetTimestamp());
            }

            return Volatile.Read(ref _backlog);
        }
        finally
        {
            _refresh.Release();
        }
    }

    private bool IsFresh(TimeSpan interval)
    {
        var readAt = Volatile.Read(ref _readAtTicks);
        return readAt != 0 && time.GetElapsedTime(readAt) < interval;
    }

    public void Dispose() => _refresh.Dispose();
}
