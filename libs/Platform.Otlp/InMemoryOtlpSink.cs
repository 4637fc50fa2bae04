using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Platform.Otlp.Model;

namespace Platform.Otlp;

/// <summary>
/// Keeps received telemetry in memory, flattened, for tests and local runs; the oldest records are dropped
/// beyond <see cref="Capacity"/> per signal. The <c>WaitFor*Async</c> methods let a test wait, with a
/// bounded timeout, until the data it expects has arrived.
/// </summary>
public sealed class InMemoryOtlpSink : IOtlpSink
{
    private readonly Lock _gate = new();
    private readonly List<MetricPoint> _metrics = [];
    private readonly List<SpanRecord> _spans = [];
    private readonly List<LogRecordData> _logs = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Creates a sink holding at most 100 000 records per signal.</summary>
    public InMemoryOtlpSink()
        : this(100_000)
    {
    }

    /// <summary>Creates a sink holding at most <paramref name="capacity"/> records per signal.</summary>
    /// <param name="capacity">Records kept per signal; at least 1.</param>
    public InMemoryOtlpSink(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Records kept per signal before the oldest are dropped.</summary>
    public int Capacity { get; }

    /// <summary>A snapshot of the metric points received so far, oldest first.</summary>
    public IReadOnlyList<MetricPoint> Metrics => Snapshot(_metrics);

    /// <summary>A snapshot of the spans received so far, oldest first.</summary>
    public IReadOnlyList<SpanRecord> Spans => Snapshot(_spans);

    /// <summary>A snapshot of the log records received so far, oldest first.</summary>
    public IReadOnlyList<LogRecordData> Logs => Snapshot(_logs);

    /// <inheritdoc />
    public void OnMetrics(ExportMetricsServiceRequest request) => Append(_metrics, OtlpConverter.ToMetricPoints(request));

    /// <inheritdoc />
    public void OnTraces(ExportTraceServiceRequest request) => Append(_spans, OtlpConverter.ToSpanRecords(request));

    /// <inheritdoc />
    public void OnLogs(ExportLogsServiceRequest request) => Append(_logs, OtlpConverter.ToLogRecords(request));

    /// <summary>Forgets everything received so far.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _metrics.Clear();
            _spans.Clear();
            _logs.Clear();
        }
    }

    /// <summary>Waits until <paramref name="until"/> holds for the received metric points.</summary>
    /// <param name="until">Condition over a snapshot of all points received so far.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<MetricPoint>> WaitForMetricsAsync(Func<IReadOnlyList<MetricPoint>, bool> until, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(_metrics, until, timeout, "metric points", cancellationToken);

    /// <summary>Waits until <paramref name="until"/> holds for the received spans.</summary>
    /// <param name="until">Condition over a snapshot of all spans received so far.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<SpanRecord>> WaitForSpansAsync(Func<IReadOnlyList<SpanRecord>, bool> until, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(_spans, until, timeout, "spans", cancellationToken);

    /// <summary>Waits until <paramref name="until"/> holds for the received log records.</summary>
    /// <param name="until">Condition over a snapshot of all log records received so far.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The snapshot that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public Task<IReadOnlyList<LogRecordData>> WaitForLogsAsync(Func<IReadOnlyList<LogRecordData>, bool> until, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitAsync(_logs, until, timeout, "log records", cancellationToken);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private T[] Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return list.ToArray();
        }
    }

    private void Append<T>(List<T> list, IReadOnlyList<T> items)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            list.AddRange(items);
            if (list.Count > Capacity)
            {
                list.RemoveRange(0, list.Count - Capacity);
            }

            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private async Task<IReadOnlyList<T>> WaitAsync<T>(
        List<T> list,
        Func<IReadOnlyList<T>, bool> until,
        TimeSpan timeout,
        string what,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(until);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            T[] snapshot;
            Task changed;
            lock (_gate)
            {
                snapshot = list.ToArray();
                changed = _changed.Task;
            }

            if (until(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The expected {what} did not arrive within {timeout}; {snapshot.Length} received.");
            }
        }
    }
}
