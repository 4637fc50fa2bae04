using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Platform.Otlp;

/// <summary>
/// A standalone OTLP/HTTP receiver on <c>127.0.0.1</c> and a free port, for tests and local runs. Everything
/// it receives lands in <see cref="Sink"/> (and, when given, is forwarded to another sink).
/// Point an exporter at <see cref="Endpoint"/> with protocol <c>http/protobuf</c>.
/// </summary>
public sealed class OtlpReceiverServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiverServer(WebApplication app, Uri endpoint, InMemoryOtlpSink sink)
    {
        _app = app;
        Endpoint = endpoint;
        Sink = sink;
    }

    /// <summary>Base address, e.g. <c>http://127.0.0.1:41234/</c>; the signals are at <c>v1/metrics</c>, <c>v1/traces</c>, <c>v1/logs</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Everything received so far.</summary>
    public InMemoryOtlpSink Sink { get; }

    /// <summary>Starts a receiver with default limits.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running receiver; dispose it to stop.</returns>
    public static Task<OtlpReceiverServer> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(new OtlpReceiverOptions(), forwardTo: null, cancellationToken);

    /// <summary>Starts a receiver.</summary>
    /// <param name="options">Receiver limits.</param>
    /// <param name="forwardTo">Another sink that also gets every request (e.g. an <see cref="Metrics.OtlpMetricStoreSink"/>); null for none.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running receiver; dispose it to stop.</returns>
    public static async Task<OtlpReceiverServer> StartAsync(OtlpReceiverOptions options, IOtlpSink? forwardTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        var sink = new InMemoryOtlpSink();
        builder.Services.AddSingleton<IOtlpSink>(forwardTo is null ? sink : new TeeSink(sink, forwardTo));
        builder.Services.AddOtlpReceiver(o => o.MaxRequestBodyBytes = options.MaxRequestBodyBytes);

        var app = builder.Build();
        app.MapOtlpReceiver();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new OtlpReceiverServer(app, new Uri(address.TrimEnd('/') + "/"), sink);
    }

    /// <summary>Stops the receiver.</summary>
    /// <returns>A task completing when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        // Disposal has no caller token; bound the graceful stop instead.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private sealed class TeeSink(IOtlpSink first, IOtlpSink second) : IOtlpSink
    {
        public void OnMetrics(ExportMetricsServiceRequest request)
        {
            first.OnMetrics(request);
            second.OnMetrics(request);
        }

        public void OnTraces(ExportTraceServiceRequest request)
        {
            first.OnTraces(request);
            second.OnTraces(request);
        }

        public void OnLogs(ExportLogsServiceRequest request)
        {
            first.OnLogs(request);
            second.OnLogs(request);
        }
    }
}
