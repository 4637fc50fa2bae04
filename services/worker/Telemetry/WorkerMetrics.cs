using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Worker.Telemetry;

/// <summary>
/// The worker's instruments (meter <c>Platform.Worker</c>), named after the OpenTelemetry GenAI semantic
/// conventions where one applies and <c>platform.*</c> otherwise. Attributes carry model, provider, tenant and
/// outcome, never prompt text or keys.
/// </summary>
internal sealed class WorkerMetrics
{
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576];

    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retried;
    private readonly Counter<long> _deadLettered;
    private readonly Histogram<double> _queueWait;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Counter<double> _cost;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WorkerTelemetry.Name);
        _operationDuration = meter.CreateHistogram<double>("gen_ai.client.operation.duration", "s", "Duration of GenAI provider calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Input and output tokens used.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _timeToFirstToken = meter.CreateHistogram<double>("gen_ai.server.time_to_first_token", "s", "Time to the first streamed token.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _completed = meter.CreateCounter<long>("platform.jobs.completed", "{job}", "Jobs completed by this worker.");
        _failed = meter.CreateCounter<long>("platform.jobs.failed", "{job}", "Job attempts that failed on this worker.");
        _retried = meter.CreateCounter<long>("platform.jobs.retried", "{job}", "Failed attempts sent to the queue's retry schedule.");
        _deadLettered = meter.CreateCounter<long>("platform.jobs.dead_lettered", "{job}", "Jobs dead-lettered after their last attempt.");
        _queueWait = meter.CreateHistogram<double>("platform.queue.wait_time", "s", "Time from enqueue to the start of an attempt.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _inFlight = meter.CreateUpDownCounter<long>("platform.worker.in_flight", "{job}", "Jobs running on this worker.");
        _cost = meter.CreateCounter<double>("platform.llm.cost", "USD", "Cost of the tokens used, from the configured price table.");
    }

    public void RecordOperation(TimeSpan duration, string requestModel, string? responseModel, string provider, string? errorType)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.request.model", requestModel },
            { "gen_ai.provider.name", provider },
        };
        if (responseModel is not null)
        {
            tags.Add("gen_ai.response.model", responseModel);
        }

        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _operationDuration.Record(duration.TotalSeconds, tags);
    }

    public void RecordTokens(int input, int output, string requestModel, string? responseModel, string provider)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.request.model", requestModel },
            { "gen_ai.response.model", responseModel },
            { "gen_ai.provider.name", provider },
        };
        tags.Add("gen_ai.token.type", "input");
        _tokenUsage.Record(input, tags);
        tags[tags.Count - 1] = new KeyValuePair<string, object?>("gen_ai.token.type", "output");
        _tokenUsage.Record(output, tags);
    }

    public void RecordTimeToFirstToken(TimeSpan ttft, string requestModel, string provider) =>
        _timeToFirstToken.Record(ttft.TotalSeconds,
            new KeyValuePair<string, object?>("gen_ai.request.model", requestModel),
            new KeyValuePair<string, object?>("gen_ai.provider.name", provider));

    public void RecordCost(double usd, string model, string tenant) =>
        _cost.Add(usd, new KeyValuePair<string, object?>("gen_ai.request.model", model), new KeyValuePair<string, object?>("tenant", tenant));

    public void RecordQueueWait(TimeSpan wait, string? model) =>
        _queueWait.Record(Math.Max(0, wait.TotalSeconds), new KeyValuePair<string, object?>("gen_ai.request.model", model));

    public void JobCompleted(string? model, string tenant) => _completed.Add(1, Tags(model, tenant, "succeeded"));

    public void JobFailed(string? model, string tenant, string outcome) => _failed.Add(1, Tags(model, tenant, outcome));

    public void JobRetried(string? model, string tenant) => _retried.Add(1, Tags(model, tenant, "retry_scheduled"));

    public void JobDeadLettered(string? model, string tenant) => _deadLettered.Add(1, Tags(model, tenant, "dead_lettered"));

    public void InFlightChanged(int delta) => _inFlight.Add(delta);

    private static TagList Tags(string? model, string tenant, string outcome) => new()
    {
        { "gen_ai.request.model", model },
        { "tenant", tenant },
        { "outcome", outcome },
    };
}
