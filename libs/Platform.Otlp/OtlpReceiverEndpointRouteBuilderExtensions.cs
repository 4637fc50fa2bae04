using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Otlp;
using Platform.Otlp.Receiving;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the OTLP/HTTP receiver endpoints.</summary>
public static class OtlpReceiverEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {prefix}/v1/metrics</c>, <c>{prefix}/v1/traces</c> and <c>{prefix}/v1/logs</c> per the
    /// OTLP/HTTP specification: <c>application/x-protobuf</c> or <c>application/json</c> bodies, optionally
    /// gzip-compressed; 200 with an empty Export*ServiceResponse in the request's encoding on success,
    /// 400 with a google.rpc.Status body on undecodable input, 413 on an oversized body and 415 on an
    /// unknown content type or content encoding. Decoded requests go to the registered <see cref="IOtlpSink"/>
    /// (see <c>services.AddOtlpReceiver()</c>).
    /// </summary>
    /// <param name="endpoints">The endpoint route builder.</param>
    /// <param name="prefix">Path prefix, e.g. <c>"/otlp"</c>; empty for the standard paths.</param>
    /// <returns>The route group holding the three endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var sink = services.GetService<IOtlpSink>()
            ?? throw new InvalidOperationException("No IOtlpSink is registered: call services.AddOtlpReceiver() (or register an IOtlpSink) before MapOtlpReceiver().");
        var options = services.GetService<IOptions<OtlpReceiverOptions>>()?.Value ?? new OtlpReceiverOptions();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Platform.Otlp.Receiver") ?? NullLogger.Instance;
        var handler = new OtlpRequestHandler(sink, options, logger);

        var group = endpoints.MapGroup(prefix ?? string.Empty);

        group.MapPost("/v1/metrics", handler.HandleMetricsAsync).DisableAntiforgery();
        group.MapPost("/v1/traces", handler.HandleTracesAsync).DisableAntiforgery();
        group.MapPost("/v1/logs", handler.HandleLogsAsync).DisableAntiforgery();
        return group;
    }
}
