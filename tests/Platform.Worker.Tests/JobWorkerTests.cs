using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Jobs;
using Platform.Llm;
using Platform.Redis;
using Platform.Testing;
using Platform.Worker.Extensions;

namespace Platform.Worker.Tests;

/// <summary>The worker hosted in process against a real redis-server, driven through the job queue as the gateway would.</summary>
[Collection(RedisCollection.Name)]
public sealed class JobWorkerTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly string _prefix = "w" + Guid.NewGuid().ToString("N")[..10];
    private RedisConnection _connection = null!;
    private JobQueue _queue = null!;
    private IHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _connection = await redis.ConnectAsync(cancellationToken: Ct);
        _queue = new JobQueue(_connection, Microsoft.Extensions.Options.Options.Create(new JobQueueOptions { KeyPrefix = _prefix }));
        await _queue.EnsureCreatedAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        await _connection.DisposeAsync();
    }

    private async Task StartWorkerAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = WorkerSettings.Fast(redis.ConnectionString, _prefix);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Services.AddLlmWorker();
        _host = builder.Build();
        await _host.StartAsync(Ct);
    }

    [Fact]
    public async Task Job_Completes_WithChatCompletionUsageAndCost()
    {
        await StartWorkerAsync();

        await _queue.EnqueueAsync(WorkerSettings.Job("j1", maxTokens: 8), Ct);
        var info = await _queue.WaitForCompletionAsync("j1", TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(JobStatus.Succeeded, info!.Status);
        var completion = WorkerSettings.Completion(info);
        Assert.Equal("chatcmpl-j1", completion.Id);
        Assert.Equal(1_700_000_000, completion.Created);
        Assert.Equal("sim-small", completion.Model);
        Assert.Equal(8, completion.Usage!.CompletionTokens);
        Assert.Equal(8, completion.Choices.Single().Message.GetText().Split(' ').Length);
        var prompt = completion.Usage.PromptTokens;
        Assert.Equal(prompt.ToString(CultureInfo.InvariantCulture), info.ResultFields[LlmResultFields.PromptTokens]);
        Assert.Equal("8", info.ResultFields[LlmResultFields.CompletionTokens]);
        Assert.Equal((prompt * 0.5m + 8 * 2m) / 1_000_000m, decimal.Parse(info.ResultFields[LlmResultFields.CostUsd], CultureInfo.InvariantCulture));
        Assert.Equal("sim", info.ResultFields[LlmResultFields.Provider]);
        Assert.Equal("sim-small", info.ResultFields[LlmResultFields.Model]);
    }

    [Fact]
    public async Task StreamingJob_AppendsChunksThenEnd_AndStoresTheAssembledCompletion()
    {
        await StartWorkerAsync();

        await _queue.EnqueueAsync(WorkerSettings.Job("s1", maxTokens: 6, stream: true), Ct);
        var events = new List<JobStreamEvent>();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var e in _queue.ReadStreamEventsAsync("s1", cancellationToken: timeout.Token))
        {
            events.Add(e);
        }

        var chunks = events.Where(e => e.Kind == JobStreamEventKind.Chunk)
            .Select(e => JsonSerializer.Deserialize(e.Data.Span, LlmJsonContext.Default.ChatCompletionChunk)!).ToList();
        Assert.Equal(6, chunks.Count);
        Assert.Equal(JobStreamEventKind.End, events[^1].Kind);
        Assert.All(chunks, c => Assert.Equal("chatcmpl-s1", c.Id));
        Assert.Equal("assistant", chunks[0].Choices[0].Delta.Role);
        Assert.All(chunks.Skip(1), c => Assert.Null(c.Choices[0].Delta.Role));
        Assert.Equal("length", chunks[^1].Choices[0].FinishReason);
        var usage = JsonSerializer.Deserialize(events[^1].Data.Span, LlmJsonContext.Default.Usage)!;
        Assert.Equal(6, usage.CompletionTokens);
        var info = await _queue.WaitForCompletionAsync("s1", TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(JobStatus.Succeeded, info!.Status);
        Assert.Equal(string.Concat(chunks.Select(c => c.Choices[0].Delta.Content)), WorkerSettings.Completion(info).Choices[0].Message.GetText());
        Assert.True(info.ResultFields.ContainsKey(LlmResultFields.TimeToFirstTokenMs));
    }

    [Fact]
    public async Task Job_ProviderAlwaysFails_IsDeadLetteredWithEveryAttemptRecorded()
    {
        await StartWorkerAsync(new()
        {
            ["Worker:InProcessRetries"] = "0",
            ["Worker:Providers:broken:Simulated:ServerErrorFraction"] = "1",
            ["Worker:Models:broken-model:Provider"] = "broken",
        });

        await _queue.EnqueueAsync(WorkerSettings.Job("d1", model: "broken-model", maxAttempts: 3), Ct);
        var info = await _queue.WaitForCompletionAsync("d1", TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(JobStatus.DeadLettered, info!.Status);
        Assert.Equal(3, info.Attempts);
        Assert.Equal([1, 2, 3], info.Errors.Select(e => e.Attempt));
        Assert.All(info.Errors, e => Assert.Equal(LlmErrorCodes.ServerError, e.Code));
        Assert.Equal(1, (await _queue.GetStatisticsAsync(Ct)).DeadLetterLength);
    }

    [Fact]
    public async Task Job_CancelledWhileRunning_EndsCancelled()
    {
        await StartWorkerAsync(new()
        {
            ["Worker:Providers:slow:Simulated:TimeToFirstToken"] = "00:01:00",
            ["Worker:Models:slow-model:Provider"] = "slow",
        });

        await _queue.EnqueueAsync(WorkerSettings.Job("c1", model: "slow-model"), Ct);
        for (var i = 0; i < 200 && (await _queue.GetAsync("c1", Ct))!.Status != JobStatus.Running; i++)
        {
            await Task.Delay(50, Ct);
        }

        await _queue.CancelAsync("c1", Ct);
        var info = await _queue.WaitForCompletionAsync("c1", TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(JobStatus.Cancelled, info!.Status);
    }

    [Fact]
    public async Task UnknownModel_FailsAtOnceWithModelNotFound()
    {
        await StartWorkerAsync();

        await _queue.EnqueueAsync(WorkerSettings.Job("u1", model: "no-such-model"), Ct);
        var info = await _queue.WaitForCompletionAsync("u1", TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(JobStatus.Failed, info!.Status);
        Assert.Equal(LlmErrorCodes.ModelNotFound, Assert.Single(info.Errors).Code);
    }

    [Fact]
    public async Task Job_Telemetry_ContinuesTheRequestTraceAndRecordsGenAiMetrics()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Platform.Worker",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var measurements = new ConcurrentQueue<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Platform.Worker")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Tags(tags))));
        meters.Start();
        await StartWorkerAsync();

        await _queue.EnqueueAsync(WorkerSettings.Job("t1", maxTokens: 8), Ct);
        var info = await _queue.WaitForCompletionAsync("t1", TimeSpan.FromSeconds(20), Ct);
        await Task.Delay(200, Ct);

        Assert.Equal(JobStatus.Succeeded, info!.Status);
        var process = spans.Single(a => a.OperationName == "process llm job" && (string?)a.GetTagItem("platform.job.id") == "t1");
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", process.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", process.ParentSpanId.ToHexString());
        var chat = spans.Single(a => a.ParentSpanId == process.SpanId);
        Assert.Equal("chat sim-small", chat.OperationName);
        Assert.Equal(ActivityKind.Client, chat.Kind);
        Assert.Contains(measurements, m => m.Name == "gen_ai.client.token.usage" && m.Value == 8
            && (string?)m.Tags["gen_ai.token.type"] == "output" && (string?)m.Tags["gen_ai.request.model"] == "sim-small");
        Assert.Contains(measurements, m => m.Name == "gen_ai.client.operation.duration" && (string?)m.Tags["gen_ai.provider.name"] == "sim");
        Assert.Contains(measurements, m => m.Name == "platform.jobs.completed" && (string?)m.Tags["tenant"] == "acme");
        Assert.Contains(measurements, m => m.Name == "platform.llm.cost" && m.Value > 0);
        Assert.Contains(measurements, m => m.Name == "platform.queue.wait_time");
    }

    private static Dictionary<string, object?> Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in tags)
        {
            result[key] = value;
        }

        return result;
    }
}
