using Platform.Jobs;
using Platform.Redis;

namespace Platform.Gateway.Extensions;

/// <summary>
/// Creates the queue's consumer group at start-up, so that jobs accepted before any worker exists are kept for
/// the workers. Keeps trying in the background while Redis is down rather than failing the gateway's start.
/// </summary>
internal sealed partial class QueueInitializer(JobQueue queue, ILogger<QueueInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.EnsureCreatedAsync(stoppingToken);
                return;
            }
            catch (RedisException ex)
            {
                LogQueueNotReady(logger, ex, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Job queue not ready; trying again in {Seconds} s")]
    private static partial void LogQueueNotReady(ILogger logger, Exception exception, double seconds);
}
