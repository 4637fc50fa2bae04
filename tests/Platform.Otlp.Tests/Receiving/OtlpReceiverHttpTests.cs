using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Platform.Otlp.Tests.Receiving;

/// <summary>The OTLP/HTTP wire rules: encodings, compression, error statuses and bodies.</summary>
public sealed class OtlpReceiverHttpTests
{
    private const string TraceIdHex = "5b8efff798038103d269b633813fc60c";
    private const string SpanIdHex = "eee19b7ec3c1b174";

    [Fact]
    public async Task PostTraces_OtlpJsonWithHexIds_Returns200JsonAndDecodesIds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"json-svc"}}]},
              "scopeSpans":[{"scope":{"name":"s"},"spans":[{"traceId":"{{{TraceIdHex}}}","spanId":"{{{SpanIdHex}}}","parentSpanId":"",
                "name":"GET /x","kind":2,"startTimeUnixNano":"1700000000000000000","endTimeUnixNano":1700000000500000000,
                "attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}}],
                "status":{"code":2,"message":"bad"},"someFutureField":true}]}]}]}
            """;

        using var response = await http.PostAsync("v1/traces", new StringContent(json, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{ }", await response.Content.ReadAsStringAsync(ct));
        var span = Assert.Single(server.Sink.Spans);
        Assert.Equal(TraceIdHex, span.TraceId);
        Assert.Equal(SpanIdHex, span.SpanId);
        Assert.Equal(string.Empty, span.ParentSpanId);
        Assert.Equal(200L, span.Attributes["http.response.status_code"]);
        Assert.Equal(System.Diagnostics.ActivityKind.Server, span.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(500), span.Duration);
        Assert.Equal("json-svc", span.ServiceName);
    }

    [Fact]
    public async Task PostMetrics_GzipProtobuf_Returns200EmptyProtobufAndDecodes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var request = new ExportMetricsServiceRequest
        {
            ResourceMetrics =
            {
                new ResourceMetrics
                {
                    ScopeMetrics =
                    {
                        new ScopeMetrics
                        {
                            Metrics = { new Metric { Name = "q.depth", Gauge = new Gauge { DataPoints = { new NumberDataPoint { AsInt = 17, TimeUnixNano = 1 } } } } },
                        },
                    },
                },
            },
        };
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            request.WriteTo(gzip);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await http.PostAsync("v1/metrics", content, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var decoded = ExportMetricsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(ct));
        Assert.Null(decoded.PartialSuccess);
        Assert.Equal(17, Assert.Single(server.Sink.Metrics).Value);
    }

    [Fact]
    public async Task PostLogs_UnknownContentType_Returns415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };

        using var response = await http.PostAsync("v1/logs", new StringContent("hello", Encoding.UTF8, "text/plain"), ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Empty(server.Sink.Logs);
    }

    [Fact]
    public async Task PostTraces_UnknownContentEncoding_Returns415()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        using var content = new ByteArrayContent(new ExportTraceServiceRequest().ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("br");

        using var response = await http.PostAsync("v1/traces", content, ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task PostTraces_GarbageProtobuf_Returns400WithRpcStatus()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        using var content = new ByteArrayContent([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await http.PostAsync("v1/traces", content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Google.Rpc.Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(ct));
        Assert.Equal(3, status.Code);
        Assert.Contains("traces", status.Message, StringComparison.Ordinal);
        Assert.Empty(server.Sink.Spans);
    }

    [Theory]
    [InlineData("{ not json")] // malformed JSON
    [InlineData("""{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz-not-hex"}]}]}]}""")] // ids must be hex
    [InlineData("""{"resourceSpans":"wrong shape"}""")] // valid JSON, wrong type for a repeated field
    public async Task PostTraces_BadJson_Returns400WithJsonStatus(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };

        using var response = await http.PostAsync("v1/traces", new StringContent(body, Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var status = JsonParser.Default.Parse<Google.Rpc.Status>(await response.Content.ReadAsStringAsync(ct));
        Assert.Equal(3, status.Code);
    }

    [Fact]
    public async Task PostMetrics_GzipBombOverLimit_Returns413()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await OtlpReceiverServer.StartAsync(new OtlpReceiverOptions { MaxRequestBodyBytes = 1024 }, forwardTo: null, ct);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var request = new ExportMetricsServiceRequest();
        for (var i = 0; i < 200; i++)
        {
            request.ResourceMetrics.Add(new ResourceMetrics { SchemaUrl = new string('x', 100) });
        }

        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            request.WriteTo(gzip);
        }

        Assert.True(compressed.Length < 1024, "the compressed body itself is under the limit");
        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await http.PostAsync("v1/metrics", content, ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(server.Sink.Metrics);
    }

    [Fact]
    public async Task PostTraces_WithPrefix_MapsUnderPrefix()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOtlpReceiver();
        await using var app = builder.Build();
        app.MapOtlpReceiver("/otlp");
        await app.StartAsync(ct);
        using var http = app.GetTestClient();
        using var content = new ByteArrayContent(new ExportTraceServiceRequest
        {
            ResourceSpans = { new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { new Span { Name = "x", TraceId = ByteString.CopyFrom(new byte[16]) } } } } } },
        }.ToByteArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

        using var response = await http.PostAsync("/otlp/v1/traces", content, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("x", Assert.Single(app.Services.GetRequiredService<InMemoryOtlpSink>().Spans).Name);
    }
}
