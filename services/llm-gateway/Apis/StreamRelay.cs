using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Features;
using Platform.Gateway.Infrastructure;
using Platform.Jobs;
using Platform.Llm;

namespace Platform.Gateway.Apis;

/// <summary>
/// Relays a streaming job's events to the client as server-sent events. The status line is held back until the
/// first chunk (or the first keep-alive), so a job that fails before producing anything still gets a proper HTTP
/// error; after that, a failure is an <c>data: {"error":...}</c> event.
/// </summary>
internal static class StreamRelay
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public static async Task<IResult> RelayAsync(
        HttpContext context, JobQueue queue, string jobId, ChatCompletionRequest request, TimeSpan keepAlive, ILogger logger, CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<JobStreamEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = PumpAsync(queue, jobId, events.Writer, stop.Token);
        var started = false;
        string? model = null;
        long created = 0;
        string completionId = jobId;
        int? relayedAttempt = null;
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                pending ??= events.Reader.WaitToReadAsync(cancellationToken).AsTask();
                bool more;
                try
                {
                    more = await pending.WaitAsync(keepAlive, cancellationToken);
                    pending = null;
                }
                catch (TimeoutException)
                {
                    // Proxies and clients drop idle connections: a comment line keeps this one open.
                    started = await StartAsync(context, started);
                    await context.Response.Body.WriteAsync(KeepAlive, cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (events.Reader.TryRead(out var streamEvent))
                {
                    // A worker that died mid-stream leaves its job to another, which starts the answer over:
                    // splicing the two would corrupt the text the client already has, so the stream fails.
                    if (started && relayedAttempt is { } attempt && streamEvent.Attempt != attempt)
                    {
                        var interrupted = new OpenAIErrorResponse(new OpenAIError
                        {
                            Message = "The stream was interrupted because its worker stopped; the request can be retried.",
                            Type = "server_error",
                            Code = LlmErrorCodes.ServerError,
                        });
                        Log.StreamFailed(logger, jobId, "worker_lost");
                        await WriteDataAsync(context.Response.Body, JsonSerializer.SerializeToUtf8Bytes(interrupted, LlmJsonContext.Default.OpenAIErrorResponse), cancellationToken);
                        await context.Response.Body.FlushAsync(cancellationToken);
                        return TypedResults.Empty;
                    }

                    if (streamEvent.Kind == JobStreamEventKind.Chunk)
                    {
                        relayedAttempt ??= streamEvent.Attempt;
                    }

                    switch (streamEvent.Kind)
                    {
                        case JobStreamEventKind.Chunk:
                            if (model is null)
                            {
                                (completionId, created, model) = ReadChunkIdentity(streamEvent.Data, completionId);
                            }

                            started = await StartAsync(context, started);
                            await WriteDataAsync(context.Response.Body, streamEvent.Data, cancellationToken);
                            break;
                        case JobStreamEventKind.End:
                            started = await StartAsync(context, started);
                            if (request.StreamOptions?.IncludeUsage == true)
                            {
                                await WriteUsageChunkAsync(context.Response.Body, streamEvent.Data, completionId, created, model ?? request.Model ?? "", cancellationToken);
                            }

                            await context.Response.Body.WriteAsync(Done, cancellationToken);
                            await context.Response.Body.FlushAsync(cancellationToken);
                            return TypedResults.Empty;
                        case JobStreamEventKind.Error:
                            var error = ReadError(streamEvent.Data);
                            Log.StreamFailed(logger, jobId, error.Error.Code ?? "error");
                            if (!started)
                            {
                                return OpenAIErrors.JobFailed(error.Error.Code ?? LlmErrorCodes.ServerError, error.Error.Message, deadLettered: false);
                            }

                            await WriteDataAsync(context.Response.Body, JsonSerializer.SerializeToUtf8Bytes(error, LlmJsonContext.Default.OpenAIErrorResponse), cancellationToken);
                            await context.Response.Body.FlushAsync(cancellationToken);
                            return TypedResults.Empty;
                    }
                }

                await context.Response.Body.FlushAsync(cancellationToken);
            }

            await reader;

            // The job ended without a terminal event: it failed before streaming, or was cancelled, or dead-lettered.
            var info = await queue.GetAsync(jobId, cancellationToken);
            var result = info is null ? OpenAIErrors.Unavailable(TimeSpan.FromSeconds(1)) : JobErrors.ToResult(info);
            if (!started)
            {
                return result;
            }

            var body = new OpenAIErrorResponse(result.Error);
            await WriteDataAsync(context.Response.Body, JsonSerializer.SerializeToUtf8Bytes(body, LlmJsonContext.Default.OpenAIErrorResponse), cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            return TypedResults.Empty;
        }
        finally
        {
            await stop.CancelAsync();
            await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task PumpAsync(JobQueue queue, string jobId, ChannelWriter<JobStreamEvent> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var streamEvent in queue.ReadStreamEventsAsync(jobId, cancellationToken: cancellationToken))
            {
                await writer.WriteAsync(streamEvent, cancellationToken);
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
        }
    }

    private static async Task<bool> StartAsync(HttpContext context, bool started)
    {
        if (started)
        {
            return true;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted);
        return true;
    }

    private static async Task WriteDataAsync(Stream body, ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        // An event's data must be one line; compact JSON is, but re-serialise anything that is not.
        if (json.Span.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            using var document = JsonDocument.Parse(json);
            json = JsonSerializer.SerializeToUtf8Bytes(document.RootElement);
        }

        await body.WriteAsync(DataPrefix, cancellationToken);
        await body.WriteAsync(json, cancellationToken);
        await body.WriteAsync(EventEnd, cancellationToken);
    }

    private static async Task WriteUsageChunkAsync(Stream body, ReadOnlyMemory<byte> usageJson, string id, long created, string model, CancellationToken cancellationToken)
    {
        Usage? usage = null;
        if (!usageJson.IsEmpty)
        {
            try
            {
                usage = JsonSerializer.Deserialize(usageJson.Span, LlmJsonContext.Default.Usage);
            }
            catch (JsonException)
            {
                // A worker that sent no usage still ends the stream properly.
            }
        }

        var chunk = new ChatCompletionChunk { Id = id, Created = created, Model = model, Choices = [], Usage = usage ?? Usage.Of(0, 0) };
        await WriteDataAsync(body, JsonSerializer.SerializeToUtf8Bytes(chunk, LlmJsonContext.Default.ChatCompletionChunk), cancellationToken);
    }

    private static (string Id, long Created, string? Model) ReadChunkIdentity(ReadOnlyMemory<byte> json, string fallbackId)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return (
                root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : fallbackId,
                root.TryGetProperty("created", out var created) && created.TryGetInt64(out var c) ? c : 0,
                root.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null);
        }
        catch (JsonException)
        {
            return (fallbackId, 0, null);
        }
    }

    private static OpenAIErrorResponse ReadError(ReadOnlyMemory<byte> json)
    {
        try
        {
            if (JsonSerializer.Deserialize(json.Span, LlmJsonContext.Default.OpenAIErrorResponse) is { Error: not null } error)
            {
                return error;
            }
        }
        catch (JsonException)
        {
            // Fall through to a generic error: the client must still learn the stream failed.
        }

        return new OpenAIErrorResponse(new OpenAIError { Message = "The stream failed.", Type = "server_error", Code = LlmErrorCodes.ServerError });
    }
}
