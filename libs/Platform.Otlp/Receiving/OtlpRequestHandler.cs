using System.IO.Compression;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Platform.Otlp.Receiving;

/// <summary>Decodes one OTLP/HTTP export request, hands it to the sink and writes the response.</summary>
internal sealed class OtlpRequestHandler(IOtlpSink sink, OtlpReceiverOptions options, ILogger logger)
{
    internal const string ProtobufContentType = "application/x-protobuf";
    internal const string JsonContentType = "application/json";

    // google.rpc.Code.INVALID_ARGUMENT: the code OTLP/HTTP receivers use for undecodable data.
    private const int InvalidArgument = 3;

    public Task HandleMetricsAsync(HttpContext context) =>
        HandleAsync(context, "metrics", ExportMetricsServiceRequest.Parser, sink.OnMetrics, new ExportMetricsServiceResponse());

    public Task HandleTracesAsync(HttpContext context) =>
        HandleAsync(context, "traces", ExportTraceServiceRequest.Parser, sink.OnTraces, new ExportTraceServiceResponse());

    public Task HandleLogsAsync(HttpContext context) =>
        HandleAsync(context, "logs", ExportLogsServiceRequest.Parser, sink.OnLogs, new ExportLogsServiceResponse());

    private async Task HandleAsync<TRequest>(
        HttpContext context,
        string signal,
        MessageParser<TRequest> parser,
        Action<TRequest> deliver,
        IMessage emptyResponse)
        where TRequest : IMessage<TRequest>, new()
    {
        // Receiving telemetry must not produce telemetry: a TracerProvider listening to Microsoft.AspNetCore
        // in this process would otherwise export one server span per export request, forever.
        if (context.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~System.Diagnostics.ActivityTraceFlags.Recorded;
        }

        var request = context.Request;
        var encoding = ParseContentType(request.ContentType);
        if (encoding is null)
        {
            Log.RequestRejected(logger, signal, StatusCodes.Status415UnsupportedMediaType, "unsupported content type");
            await WriteStatusAsync(context, OtlpEncoding.Protobuf, StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported content type '{request.ContentType}': use {ProtobufContentType} or {JsonContentType}.");
            return;
        }

        var contentEncoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && contentEncoding.Length > 0 && !contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            Log.RequestRejected(logger, signal, StatusCodes.Status415UnsupportedMediaType, "unsupported content encoding");
            await WriteStatusAsync(context, encoding.Value, StatusCodes.Status415UnsupportedMediaType,
                $"Unsupported content encoding '{contentEncoding}': use gzip or none.");
            return;
        }

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context, gzip, options.MaxRequestBodyBytes, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            Log.RequestRejected(logger, signal, StatusCodes.Status400BadRequest, "invalid gzip body");
            await WriteStatusAsync(context, encoding.Value, StatusCodes.Status400BadRequest, "The body is not valid gzip data.");
            return;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }

        if (body is null)
        {
            Log.RequestRejected(logger, signal, StatusCodes.Status413PayloadTooLarge, "body too large");
            await WriteStatusAsync(context, encoding.Value, StatusCodes.Status413PayloadTooLarge,
                $"The request body exceeds {options.MaxRequestBodyBytes} bytes.");
            return;
        }

        TRequest message;
        try
        {
            message = encoding == OtlpEncoding.Protobuf ? parser.ParseFrom(body) : OtlpJson.Parse<TRequest>(body);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or System.Text.Json.JsonException or FormatException)
        {
            Log.RequestRejected(logger, signal, StatusCodes.Status400BadRequest, "undecodable body");
            await WriteStatusAsync(context, encoding.Value, StatusCodes.Status400BadRequest,
                $"The body is not a valid OTLP {signal} export request: {ex.Message}");
            return;
        }

        deliver(message);
        await WriteMessageAsync(context, encoding.Value, StatusCodes.Status200OK, emptyResponse);
    }

    internal static OtlpEncoding? ParseContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return null;
        }

        if (mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return OtlpEncoding.Protobuf;
        }

        return mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase) ? OtlpEncoding.Json : null;
    }

    /// <summary>Reads the whole body, decompressing gzip; null when it exceeds <paramref name="limit"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, bool gzip, long limit, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        var source = context.Request.Body;
        await using var decompressed = gzip ? new GZipStream(source, CompressionMode.Decompress, leaveOpen: true) : null;
        var input = decompressed ?? source;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await input.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task WriteStatusAsync(HttpContext context, OtlpEncoding encoding, int httpStatus, string message) =>
        WriteMessageAsync(context, encoding, httpStatus, new Google.Rpc.Status { Code = InvalidArgument, Message = message });

    private static async Task WriteMessageAsync(HttpContext context, OtlpEncoding encoding, int httpStatus, IMessage message)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        if (encoding == OtlpEncoding.Protobuf)
        {
            response.ContentType = ProtobufContentType;
            var bytes = message.ToByteArray();
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }
        else
        {
            response.ContentType = JsonContentType;
            await response.WriteAsync(JsonFormatter.Default.Format(message), context.RequestAborted);
        }
    }
}
