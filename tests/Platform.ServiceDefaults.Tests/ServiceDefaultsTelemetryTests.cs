using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using Platform.Otlp;
using Platform.Otlp.Model;

namespace Platform.ServiceDefaults.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ServiceDefaultsTelemetryTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static readonly Action<ILogger, string, Exception?> LogWork =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(7, "Work"), "Handling work {WorkId}");

    [Fact]
    public async Task Request_WithHttpClientCall_ServerSpanClientSpanLogRecordAndConsoleLineShareTheTrace()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiverServer.StartAsync(ct);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var healthTraceId = ActivityTraceId.CreateRandom().ToHexString();
        var console = new StringWriter();
        var originalOut = Console.Out;
        Console.SetOut(console);
        try
        {
            await using (var app = TestApp.Create(TestApp.ExportTo(receiver), map: app => app.MapGet("/work", async (IHttpClientFactory clients, ILoggerFactory loggers, CancellationToken requestAborted) =>
            {
                LogWork(loggers.CreateLogger("Platform.Tests.Work"), "w-1", null);
                using var downstream = await clients.CreateClient().GetAsync(new Uri(receiver.Endpoint, "ping"), requestAborted);
                return Results.Text("done");
            })))
            {
                await app.StartAsync(ct);
                using var client = app.GetTestClient();
                using (var health = new HttpRequestMessage(HttpMethod.Get, "/health"))
                {
                    health.Headers.Add("traceparent", $"00-{healthTraceId}-{callerSpanId}-01");
                    using var healthResponse = await client.SendAsync(health, ct);
                    Assert.Equal(HttpStatusCode.OK, healthResponse.StatusCode);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, "/work");
                request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
                using var response = await client.SendAsync(request, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);

                // Stopping flushes the batched spans and logs, so no wait for the 5 s batch delay.
                await app.StopAsync(ct);
            }
        }
        finally
        {
            Console.SetOut(originalOut);
        }

        var spans = await receiver.Sink.WaitForSpansAsync(s => s.Count(x => x.TraceId == traceId) >= 3, Timeout, ct);
        var logs = await receiver.Sink.WaitForLogsAsync(l => l.Any(x => x.TraceId == traceId && Equals(x.Attributes.GetValueOrDefault("WorkId"), "w-1")), Timeout, ct);

        var server = Assert.Single(spans, s => s.TraceId == traceId && s.ParentSpanId == callerSpanId);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal("Microsoft.AspNetCore", server.ScopeName);
        Assert.Equal("GET /work", server.Name);
        Assert.Equal("/work", server.Attributes.GetValueOrDefault("http.route"));
        Assert.Equal("GET", server.Attributes.GetValueOrDefault("http.request.method"));
        Assert.Equal("/work", server.Attributes.GetValueOrDefault("url.path"));
        Assert.Equal(200L, server.Attributes.GetValueOrDefault("http.response.status_code"));
        Assert.Equal(TestApp.ServiceName, server.ServiceName);
        Assert.Equal("platform", server.ResourceAttributes["service.namespace"]);
        Assert.Equal("infra", server.ResourceAttributes["team"]);
        var httpClientSpan = Assert.Single(spans, s => s.TraceId == traceId && s.ParentSpanId == server.SpanId);
        Assert.Equal(ActivityKind.Client, httpClientSpan.Kind);
        Assert.Equal("System.Net.Http", httpClientSpan.ScopeName);
        Assert.Equal(404L, httpClientSpan.Attributes["http.response.status_code"]);
        // The downstream server continued the trace from the traceparent HttpClient sent.
        Assert.Contains(spans, s => s.TraceId == traceId && s.ParentSpanId == httpClientSpan.SpanId && s.Kind == ActivityKind.Server);
        Assert.DoesNotContain(spans, s => s.TraceId == healthTraceId);

        var log = Assert.Single(logs, l => l.TraceId == traceId && Equals(l.Attributes.GetValueOrDefault("WorkId"), "w-1"));
        Assert.Equal(server.SpanId, log.SpanId);
        Assert.Equal("Handling work w-1", log.Body);
        Assert.Equal(TestApp.ServiceName, log.ServiceName);

        var line = Assert.Single(console.ToString().Split('\n'), l => l.Contains("Handling work w-1", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        var scopes = json.RootElement.GetProperty("Scopes").EnumerateArray().ToArray();
        Assert.Contains(scopes, s => s.TryGetProperty("TraceId", out var t) && t.GetString() == traceId);
        Assert.Contains(scopes, s => s.TryGetProperty("SpanId", out var t) && t.GetString() == server.SpanId);
        Assert.EndsWith("Z", json.RootElement.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StopAsync_MetricAndSpanRecordedJustBefore_AreExported()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiverServer.StartAsync(ct);
        var name = "Platform.Tests.Shutdown." + Guid.NewGuid().ToString("N");
        using var meter = new Meter(name);
        using var source = new ActivitySource(name);
        var counter = meter.CreateCounter<long>("platform.tests.last_batch", "{item}");

        // A 60 s export interval: only the shutdown flush can deliver the measurement during this test.
        await using (var app = TestApp.Create(TestApp.ExportTo(receiver, metricIntervalMs: 60_000)))
        {
            await app.StartAsync(ct);
            using (source.StartActivity("last-span"))
            {
                counter.Add(5);
            }

            await app.StopAsync(ct);
        }

        Assert.Contains(receiver.Sink.Metrics, p => p.Name == "platform.tests.last_batch" && p.ScopeName == name && p.Value == 5 && p.ServiceName == TestApp.ServiceName);
        Assert.Contains(receiver.Sink.Spans, s => s.Name == "last-span" && s.ScopeName == name);
    }

    [Fact]
    public async Task MetricExportInterval_Short_ExportsAspNetCoreAndRuntimeMetricsWhileRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiverServer.StartAsync(ct);
        await using var app = TestApp.Create(TestApp.ExportTo(receiver, metricIntervalMs: 200), map: app => app.MapGet("/ok", () => "ok"));
        await app.StartAsync(ct);
        using var client = app.GetTestClient();
        using var response = await client.GetAsync("/ok", ct);

        // The SDK creates a series when the first measurement for its attributes arrives and counts the measurement
        // just after, so an export that lands in between carries the series with a count of 0. Wait for the export
        // that holds the request; the series is cumulative, so every later export holds it too.
        static bool IsOkDuration(MetricPoint p) =>
            p.Name == "http.server.request.duration" && p.ServiceName == TestApp.ServiceName && Equals(p.Attributes.GetValueOrDefault("http.route"), "/ok");
        var points = await receiver.Sink.WaitForMetricsAsync(
            p => p.Any(x => IsOkDuration(x) && x.Count > 0)
                && p.Any(x => x.Name.StartsWith("dotnet.", StringComparison.Ordinal) && x.ServiceName == TestApp.ServiceName),
            Timeout,
            ct);

        var duration = points.Last(IsOkDuration);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(1UL, duration.Count);
        Assert.Equal(200L, duration.Attributes["http.response.status_code"]);
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task AddServiceDefaults_GenericHostWithoutServiceName_ExportsSpansAndLogsUnderApplicationName()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiverServer.StartAsync(ct);
        var sourceName = "Platform.Tests.Worker." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        var configuration = TestApp.ExportTo(receiver);
        configuration.Remove("OTEL_SERVICE_NAME");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "worker-test",
            EnvironmentName = Environments.Production,
            Args = [],
        });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        string traceId;
        using (var host = builder.Build())
        {
            await host.StartAsync(ct);
            using (var job = source.StartActivity("process-job", ActivityKind.Consumer)!)
            {
                traceId = job.TraceId.ToHexString();
                LogWork(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Platform.Tests.Worker"), "job-1", null);
            }

            await host.StopAsync(ct);
        }

        var span = Assert.Single(receiver.Sink.Spans, s => s.ScopeName == sourceName);
        Assert.Equal("worker-test", span.ServiceName);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("Production", span.ResourceAttributes["deployment.environment.name"]);
        var log = Assert.Single(receiver.Sink.Logs, l => Equals(l.Attributes.GetValueOrDefault("WorkId"), "job-1"));
        Assert.Equal(traceId, log.TraceId);
        Assert.Equal("worker-test", log.ServiceName);
        Assert.Equal(span.ResourceAttributes["service.instance.id"], log.ResourceAttributes["service.instance.id"]);
    }

    [Fact]
    public async Task AddServiceDefaults_NoOtlpEndpoint_ExportsNothingAndServes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = TestApp.Create(new Dictionary<string, string?>(), map: app => app.MapGet("/ok", () => "ok"));
        await app.StartAsync(ct);
        using var client = app.GetTestClient();

        using var response = await client.GetAsync("/ok", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(app.Services.GetService<LoggerProvider>());
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task AddServiceDefaults_WithOtlpEndpoint_RegistersExporters()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var receiver = await OtlpReceiverServer.StartAsync(ct);
        await using var app = TestApp.Create(TestApp.ExportTo(receiver));

        Assert.NotNull(app.Services.GetService<LoggerProvider>());
    }
}
