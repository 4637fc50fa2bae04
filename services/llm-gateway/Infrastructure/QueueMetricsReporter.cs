using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Platform.Gateway.Limits;
using Platform.Jobs;
using Platform.Redis;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// The queue's state as observable gauges of the meter <c>Platform.Gateway</c>: <c>platform.queue.backlog</c>
/// (undelivered jobs), <c>platform.queue.pending</c> (delivered, unacknowledged), <c>platform.queue.scheduled</c>
/// (waiting to be retried) and <c>platform.queue.oldest_age</c> (seconds the oldest undelivered job has waited).
/// The gauges report the <see cref="BacklogMonitor"/>'s last reading; this service refreshes it every
/// <see cref="GatewayOptions.QueueMetricsInterval"/> so that the gauges stay current without traffic.
/// </summary>
internal sealed class QueueMetricsReporter : BackgroundService
{
    private readonly BacklogMonitor _monitor;
    private readonly IOptions<GatewayOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<QueueMetricsReporter> _logger;

    public QueueMetricsReporter(BacklogMonitor monitor, JobQueue queue, IMeterFactory meterFactory, IOptions<GatewayOptions> options, TimeProvider time, ILogger<QueueMetricsReporter> logger)
    {
        _monitor = monitor;
        _options = options;
        _time = time;
        _logger = logger;
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        var tag = new KeyValuePair<string, object?>("messaging.destination.name", queue.QueueName);
        meter.CreateObservableGauge("platform.queue.backlog", () => Observe(s => s.Backlog, tag), "{job}", "Jobs waiting in the queue, not yet delivered to a worker.");
        meter.CreateObservableGauge("platform.queue.pending", () => Observe(s => s.Pending, tag), "{job}", "Jobs delivered to a worker and not yet acknowledged.");
        meter.CreateObservableGauge("platform.queue.scheduled", () => Observe(s => s.Scheduled, tag), "{job}", "Failed attempts waiting in the retry schedule.");
        meter.CreateObservableGauge("platform.queue.oldest_age", () => Observe(s => s.OldestWaitingAge.TotalSeconds, tag), "s", "How long the oldest undelivered job has waited.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Value.QueueMetricsInterval, _time);
        do
        {
            try
            {
                // Reads Redis only when no request has refreshed the reading recently.
                await _monitor.GetBacklogAsync(stoppingToken);
            }
            catch (RedisException ex)
            {
                Log.QueueStatisticsFailed(_logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<QueueStatistics, T> read, KeyValuePair<string, object?> tag)
        where T : struct =>
        _monitor.LastStatistics is { } statistics ? [new Measurement<T>(read(statistics), tag)] : [];
}
