using Platform.Gateway.Infrastructure;
using Platform.Gateway.Limits;
using Platform.Jobs;
using Platform.Redis;

namespace Platform.Gateway.Apis;

/// <summary><c>POST /v1/chat/completions</c>: the OpenAI endpoint, served by queueing a job and relaying its result.</summary>
public static class ChatCompletionsApi
{
    /// <summary>Maps the endpoint.</summary>
    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/chat").WithTags("Chat");
        group.MapPost("/completions", CreateAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("Creates a chat completion (OpenAI wire format); server-sent events when stream is true.");
        return app;
    }

    internal static async Task<IResult> CreateAsync(
        HttpContext context,
        JobAdmission admission,
        JobQueue queue,
        ResponseCache cache,
        GatewayMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggerFactory.CreateLogger(typeof(ChatCompletionsApi));
        var (admitted, error) = await admission.AdmitAsync(context, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        JobAdmission.WriteLimitHeaders(context.Response, admitted!);
        var request = admitted!.Chat.Request;
        var tenant = admitted.Identity.Tenant;

        string? cacheKey = null;
        if (cache.Applies(context.Request, request))
        {
            cacheKey = cache.KeyFor(admitted.Identity, request);
            if (await TryCacheAsync(() => cache.GetAsync(cacheKey, cancellationToken)) is { } hit)
            {
                metrics.CacheHit(tenant, admitted.Chat.Model);
                context.Response.Headers["x-cache"] = "HIT";
                return TypedResults.Bytes(hit, "application/json");
            }

            metrics.CacheMiss(tenant, admitted.Chat.Model);
            context.Response.Headers["x-cache"] = "MISS";
        }

        var completionId = JobAdmission.NewId("chatcmpl-");
        var (jobId, _, enqueueError) = await admission.EnqueueAsync(admitted, completionId, completionId, "chat", cancellationToken);
        if (enqueueError is not null)
        {
            return enqueueError;
        }

        context.Response.Headers["x-job-id"] = jobId;
        using var inFlight = metrics.Track(tenant, admitted.Chat.Model);
        try
        {
            if (request.IsStreaming)
            {
                return await StreamRelay.RelayAsync(context, queue, jobId!, request, admission.Options.StreamKeepAliveInterval, logger, cancellationToken);
            }

            var info = await queue.WaitForCompletionAsync(jobId!, admission.Options.SyncTimeout, cancellationToken);
            switch (info)
            {
                case null:
                    return OpenAIErrors.Unavailable(TimeSpan.FromSeconds(1));
                case { Status: JobStatus.Succeeded, Result: { } result }:
                    if (cacheKey is not null)
                    {
                        await TryCacheAsync(async () => { await cache.SetAsync(cacheKey, result, cancellationToken); return (ReadOnlyMemory<byte>?)null; });
                    }

                    return TypedResults.Bytes(result, "application/json");
                case { IsFinished: true }:
                    return JobErrors.ToResult(info);
                default:
                    Log.SyncTimeout(logger, jobId!, admission.Options.SyncTimeout.TotalSeconds);
                    return OpenAIErrors.SyncTimeout(jobId!, admission.Options.SyncTimeout);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Nobody will read the answer: stop spending tokens on it.
            Log.ClientGone(logger, jobId!);
            await queue.CancelAsync(jobId!, CancellationToken.None);
            return TypedResults.Empty;
        }
        catch (RedisException ex) when (ex.IsTransient)
        {
            Log.QueueUnavailable(logger, ex);
            return OpenAIErrors.Unavailable(TimeSpan.FromSeconds(2));
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> TryCacheAsync(Func<Task<ReadOnlyMemory<byte>?>> operation)
    {
        // The cache is an optimisation: when it fails, the request is served without it.
        try
        {
            return await operation();
        }
        catch (RedisException ex) when (ex.IsTransient)
        {
            return null;
        }
    }
}
