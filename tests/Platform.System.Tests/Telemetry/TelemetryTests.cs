using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Platform.Otlp;
using Platform.Otlp.Model;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;
using static Platform.SystemTests.Infrastructure.TelemetryQueries;

namespace Platform.SystemTests.Telemetry;

/// <summary>
/// Gateway and worker exporting OTLP (http/protobuf) to an in-test receiver: one trace from the gateway's
/// request to the provider call, GenAI and platform metrics with the values the jobs reported, no prompt text
/// nor API key anywhere, and the last batch flushed on SIGTERM.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class TelemetryTests(RedisServerFixture redis)
{
    private const string Gateway = "llm-gateway";
    private const string Worker = "llm-worker";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GatewayAndWorker_ExportOneTraceMetricsAndNoSecrets()
    {
        await using var receiver = await OtlpReceiverServer.StartAsync(Ct);
        var limitedKey = "sk-limited-" + Guid.NewGuid().ToString("N");
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            OtlpEndpoint = receiver.Endpoint,
            Gateway =
            {
                ["Gateway:QueueMetricsInterval"] = "00:00:00.200",
                // A key whose token limit every request exceeds: its requests are refused, counted as rate-limited.
                ["Gateway:ApiKeys:1:Key"] = limitedKey,
                ["Gateway:ApiKeys:1:Tenant"] = "limited",
                ["Gateway:ApiKeys:1:TokensPerMinute"] = "1",
            },
        }, workers: 1, Ct);
        await run.WaitForWorkersAsync(1, Ct);
        var marker = "zebra-marker-" + Guid.NewGuid().ToString("N");
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var clientSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var usages = new List<(int Input, int Output)>();
        var cost = 0.0;

        // 1. A synchronous completion inside the test's trace.
        using (var response = await run.Client.PostAsync("v1/chat/completions", GatewayClient.ChatBody("sim-small", $"Secret prompt {marker}", 8),
            new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{clientSpanId}-01" }, Ct))
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            usages.Add(Usage(JsonDocument.Parse(text).RootElement));
        }

        // 2. Three jobs; their results carry usage and cost.
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await run.Client.SubmitJobAsync(GatewayClient.ChatBody("sim-small", $"Job {i} {marker}", 5 + i), null, Ct));
        }

        foreach (var job in (await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(30), Ct)).Values)
        {
            Assert.Equal("succeeded", job.GetProperty("status").GetString());
            usages.Add(Usage(job.GetProperty("result")));
            cost += job.GetProperty("cost_usd").GetDouble();
        }

        // 3. A stream (time to first token).
        using (var response = await run.Client.PostAsync("v1/chat/completions", GatewayClient.ChatBody("sim-small", $"Stream {marker}", 6, stream: true), null, Ct))
        {
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            var usage = text.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
                .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement)
                .Last(e => e.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object);
            usages.Add(Usage(usage));
        }

        // 4. The cache: a miss (runs a job), then a hit (runs none).
        var cached = GatewayClient.ChatBody("sim-small", $"Cached {marker}", 4);
        var optIn = new Dictionary<string, string> { ["x-platform-cache"] = "on" };
        foreach (var expected in new[] { "MISS", "HIT" })
        {
            using var response = await run.Client.PostAsync("v1/chat/completions", cached, optIn, Ct);
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            Assert.Equal(expected, response.Headers.GetValues("x-cache").Single());
            if (expected == "MISS")
            {
                usages.Add(Usage(JsonDocument.Parse(text).RootElement));
            }
        }

        // 5. A request refused by the key's limit.
        using (var response = await run.Client.PostAsync("v1/chat/completions", GatewayClient.ChatBody("sim-small", $"Limited {marker}", 4), null, Ct, limitedKey))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        const int jobsRun = 6; // sync, 3 jobs, stream, cache miss
        var input = usages.Sum(u => u.Input);
        var output = usages.Sum(u => u.Output);

        // The metrics, once every expected value arrived.
        var missing = new List<string>();
        IReadOnlyList<MetricPoint> metrics;
        try
        {
            metrics = await receiver.Sink.WaitForMetricsAsync(points =>
            {
                missing = MissingMetrics(points, jobsRun, input, output);
                return missing.Count == 0;
            }, TimeSpan.FromSeconds(30), Ct);
        }
        catch (TimeoutException)
        {
            var names = string.Join(", ", receiver.Sink.Metrics.Select(m => m.Name).Distinct().Order());
            Assert.Fail($"metrics missing or wrong: {string.Join("; ", missing)}\nreceived: {names}\n{run.Output}");
            return;
        }

        // Names, units, attributes and sane values.
        var duration = Latest(metrics, "gen_ai.client.operation.duration", Worker);
        Assert.All(duration, p =>
        {
            Assert.Equal("s", p.Unit);
            Assert.Equal(MetricPointType.Histogram, p.Type);
            Assert.Equal("chat", p.Attribute("gen_ai.operation.name"));
            Assert.Equal("sim-small", p.Attribute("gen_ai.request.model"));
            Assert.Equal("sim", p.Attribute("gen_ai.provider.name"));
            Assert.InRange(p.Min ?? -1, 0.001, 10);
            Assert.InRange(p.Max ?? -1, 0.001, 10);
        });
        var tokens = Latest(metrics, "gen_ai.client.token.usage", Worker);
        Assert.All(tokens, p => Assert.Equal("{token}", p.Unit));
        Assert.Equal(new[] { "input", "output" }, tokens.Select(p => p.Attribute("gen_ai.token.type")).Distinct().Order());
        Assert.All(Latest(metrics, "gen_ai.server.time_to_first_token", Worker), p => Assert.InRange(p.Max ?? -1, 0, 10));
        var completed = Assert.Single(Latest(metrics, "platform.jobs.completed", Worker));
        Assert.Equal("{job}", completed.Unit);
        Assert.True(completed.IsMonotonic);
        Assert.Equal("acme", completed.Attribute("tenant"));
        Assert.Equal("succeeded", completed.Attribute("outcome"));
        Assert.Equal("sim-small", completed.Attribute("gen_ai.request.model"));
        var wait = Latest(metrics, "platform.queue.wait_time", Worker);
        Assert.All(wait, p => { Assert.Equal("s", p.Unit); Assert.InRange(p.Max ?? -1, 0, 30); });
        var costs = Latest(metrics, "platform.llm.cost", Worker);
        Assert.All(costs, p => Assert.Equal("USD", p.Unit));
        // sim-small costs 0.5 / 2 USD per million input / output tokens: the jobs' cost and the metric agree with the usage.
        static double Price(double inputTokens, double outputTokens) => (inputTokens * 0.5 + outputTokens * 2) / 1_000_000;
        var expectedCost = Price(input, output);
        Assert.Equal(expectedCost, Total(metrics, "platform.llm.cost"), 1e-12);
        Assert.Equal(Price(usages.Skip(1).Take(3).Sum(u => u.Input), usages.Skip(1).Take(3).Sum(u => u.Output)), cost, 1e-12);
        var enqueued = Latest(metrics, "platform.jobs.enqueued", Gateway);
        Assert.All(enqueued, p => { Assert.Equal("acme", p.Attribute("tenant")); Assert.Equal("sim-small", p.Attribute("gen_ai.request.model")); });
        Assert.Equal("limited", Assert.Single(Latest(metrics, "platform.gateway.rate_limited", Gateway)).Attribute("tenant"));
        foreach (var gauge in new[] { "platform.queue.backlog", "platform.queue.pending", "platform.queue.oldest_age" })
        {
            var point = Latest(metrics, gauge, Gateway).First();
            Assert.Equal(MetricPointType.Gauge, point.Type);
            Assert.InRange(point.Value ?? -1, 0, 1_000);
        }

        Assert.Equal("s", Latest(metrics, "platform.queue.oldest_age", Gateway).First().Unit);
        Assert.NotEmpty(Latest(metrics, "platform.worker.in_flight", Worker));
        Assert.NotEmpty(Latest(metrics, "platform.gateway.in_flight", Gateway));

        // One trace: the client's span -> the gateway's request -> the producer -> the worker's job -> the provider call.
        IReadOnlyList<SpanRecord> spans;
        try
        {
            spans = await receiver.Sink.WaitForSpansAsync(all =>
                all.Any(s => s.TraceId == traceId && s.ServiceName == Worker && s.Kind == ActivityKind.Client)
                && all.Any(s => s.TraceId == traceId && s.ServiceName == Gateway && s.Kind == ActivityKind.Server), TimeSpan.FromSeconds(30), Ct);
        }
        catch (TimeoutException)
        {
            Assert.Fail("the trace did not arrive: " + string.Join("\n", receiver.Sink.Spans.Where(s => s.TraceId == traceId).Select(s => $"{s.ServiceName} {s.Kind} {s.Name}")));
            return;
        }

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var server = Assert.Single(trace, s => s.ServiceName == Gateway && s.Kind == ActivityKind.Server);
        Assert.Equal(clientSpanId, server.ParentSpanId);
        var producer = Assert.Single(trace, s => s.ServiceName == Gateway && s.Kind == ActivityKind.Producer);
        Assert.Equal(server.SpanId, producer.ParentSpanId);
        var consumer = Assert.Single(trace, s => s.ServiceName == Worker && s.Kind == ActivityKind.Consumer);
        Assert.Equal(producer.SpanId, consumer.ParentSpanId);
        var call = Assert.Single(trace, s => s.ServiceName == Worker && s.Kind == ActivityKind.Client);
        Assert.Equal(consumer.SpanId, call.ParentSpanId);
        Assert.Equal("chat sim-small", call.Name);
        Assert.Equal((long)usages[0].Input, call.Attributes["gen_ai.usage.input_tokens"]);
        Assert.Equal((long)usages[0].Output, call.Attributes["gen_ai.usage.output_tokens"]);

        // Logs are tied to the trace.
        var logs = await receiver.Sink.WaitForLogsAsync(all => all.Any(l => l.TraceId == traceId && l.ServiceName == Gateway), TimeSpan.FromSeconds(30), Ct);

        // No prompt text and no API key in any log record, span, metric attribute or console line.
        var exported = logs.SelectMany(l => Strings(l.Body).Concat(Strings(l.Attributes)))
            .Concat(receiver.Sink.Spans.SelectMany(s => Strings(s.Attributes).Append(s.Name).Append(s.StatusMessage)
                .Concat(s.Events.SelectMany(e => Strings(e.Attributes).Append(e.Name)))))
            .Concat(receiver.Sink.Metrics.SelectMany(m => Strings(m.Attributes)))
            .Concat(new[] { run.Gateway }.Concat(run.Workers).SelectMany(p => p.Lines))
            .ToList();
        Assert.True(exported.Count > 100, "too little telemetry to search: " + exported.Count);
        foreach (var secret in new[] { marker, run.ApiKey, limitedKey })
        {
            var leak = exported.FirstOrDefault(s => s.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a secret leaked into telemetry or logs: {leak}");
        }
    }

    [Fact]
    public async Task Sigterm_FlushesTheLastBatch()
    {
        await using var receiver = await OtlpReceiverServer.StartAsync(Ct);
        // Nothing is exported on a schedule within the test's time: what arrives was flushed at shutdown.
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings
        {
            OtlpEndpoint = receiver.Endpoint,
            MetricExportIntervalMilliseconds = 600_000,
            Common =
            {
                ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
                ["OTEL_BLRP_SCHEDULE_DELAY"] = "600000",
            },
        }, workers: 1, Ct);
        await run.WaitForWorkersAsync(1, Ct);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var id = await run.Client.SubmitJobAsync(GatewayClient.ChatBody("sim-small", "Hello", 4),
            new Dictionary<string, string> { ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" }, Ct);
        var job = (await run.Client.WaitForJobsAsync([id], TimeSpan.FromSeconds(30), Ct))[id];
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.DoesNotContain(receiver.Sink.Metrics, m => m.Name is "platform.jobs.completed" or "platform.jobs.enqueued");

        var workerStopped = await run.Workers[0].StopAsync(TimeSpan.FromSeconds(20));
        var gatewayStopped = await run.Gateway.StopAsync(TimeSpan.FromSeconds(20));

        Assert.True(workerStopped && gatewayStopped, "a service did not stop on SIGTERM:\n" + run.Output);
        Assert.Equal(0, run.Workers[0].ExitCode);
        Assert.Equal(0, run.Gateway.ExitCode);
        var metrics = await receiver.Sink.WaitForMetricsAsync(points =>
            Total(points, "platform.jobs.completed") == 1 && Total(points, "platform.jobs.enqueued") == 1, TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(Worker, Assert.Single(Latest(metrics, "platform.jobs.completed")).ServiceName);
        var spans = await receiver.Sink.WaitForSpansAsync(all =>
            all.Any(s => s.TraceId == traceId && s.ServiceName == Worker && s.Kind == ActivityKind.Consumer)
            && all.Any(s => s.TraceId == traceId && s.ServiceName == Gateway && s.Kind == ActivityKind.Producer), TimeSpan.FromSeconds(10), Ct);
        Assert.NotEmpty(spans);
    }

    private static (int Input, int Output) Usage(JsonElement completionOrChunk)
    {
        var usage = completionOrChunk.GetProperty("usage");
        return (usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("completion_tokens").GetInt32());
    }

    private static List<string> MissingMetrics(IReadOnlyList<MetricPoint> points, int jobs, int input, int output)
    {
        var missing = new List<string>();
        void Expect(bool ok, string what)
        {
            if (!ok)
            {
                missing.Add(what);
            }
        }

        var inputTokens = Total(points, "gen_ai.client.token.usage", p => p.Attribute("gen_ai.token.type") == "input");
        var outputTokens = Total(points, "gen_ai.client.token.usage", p => p.Attribute("gen_ai.token.type") == "output");
        Expect(inputTokens == input, $"input tokens {inputTokens.ToString(CultureInfo.InvariantCulture)} != {input}");
        Expect(outputTokens == output, $"output tokens {outputTokens.ToString(CultureInfo.InvariantCulture)} != {output}");
        Expect(Total(points, "platform.jobs.completed") == jobs, "platform.jobs.completed");
        Expect(Total(points, "platform.jobs.enqueued") == jobs, "platform.jobs.enqueued");
        Expect(Count(points, "gen_ai.client.operation.duration") == (ulong)jobs, "gen_ai.client.operation.duration count");
        Expect(Count(points, "platform.queue.wait_time") == (ulong)jobs, "platform.queue.wait_time count");
        Expect(Count(points, "gen_ai.server.time_to_first_token") >= 1, "gen_ai.server.time_to_first_token");
        Expect(Total(points, "platform.cache.hits") == 1, "platform.cache.hits");
        Expect(Total(points, "platform.cache.misses") == 1, "platform.cache.misses");
        Expect(Total(points, "platform.gateway.rate_limited") == 1, "platform.gateway.rate_limited");
        Expect(Total(points, "platform.llm.cost") > 0, "platform.llm.cost");
        foreach (var gauge in new[] { "platform.queue.backlog", "platform.queue.pending", "platform.queue.oldest_age", "platform.worker.in_flight", "platform.gateway.in_flight" })
        {
            Expect(Latest(points, gauge).Count > 0, gauge);
        }

        return missing;
    }
}
