using Microsoft.AspNetCore.Http.Features;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Gateway.Auth;
using Platform.Gateway.Infrastructure;
using Platform.Gateway.Limits;
using Platform.Gateway.Validation;
using Platform.Jobs;
using Platform.Llm;
using Platform.Redis;

namespace Platform.Gateway.Apis;

/// <summary>
/// What every LLM request goes through before it becomes a job, in order: body limit and validation, model
/// access, per-key limits, queue backpressure; then the enqueue itself with its trace context.
/// </summary>
internal sealed class JobAdmission(
    JobQueue queue,
    RateLimiter rateLimiter,
    BacklogMonitor backlog,
    GatewayMetrics metrics,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<JobAdmission> logger)
{
    public static readonly ActivitySource Source = new("Platform.Gateway");

    private const int MaxIdempotencyKeyLength = 255;

    public GatewayOptions Options => options.Value;

    public async Task<(AdmittedRequest? Request, OpenAIErrorResult? Error)> AdmitAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var identity = context.Features.GetRequiredFeature<ApiKeyIdentity>();
        var (body, bodyError) = await RequestBodyReader.ReadAsync(context.Request, Options.MaxRequestBodyBytes, cancellationToken);
        if (bodyError is not null)
        {
            return (null, bodyError);
        }

        var (chat, validationError) = ChatRequestValidator.Validate(body, Options);
        if (validationError is not null)
        {
            return (null, validationError);
        }

        if (!Options.Models.Contains(chat!.Model, StringComparer.Ordinal))
        {
            return (null, OpenAIErrors.ModelNotFound(chat.Model));
        }

        if (!identity.MayUse(chat.Model))
        {
            return (null, OpenAIErrors.ModelNotAllowed(chat.Model));
        }

        var priority = chat.Priority ?? JobPriority.Normal;
        var header = context.Request.Headers[PriorityParser.HeaderName].ToString();
        if (header.Length > 0)
        {
            if (!PriorityParser.TryParse(header, out priority))
            {
                return (null, OpenAIErrors.Invalid("Invalid 'x-priority' header: expected 'high', 'normal' or 'low'.", "x-priority", "invalid_value"));
            }
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            return (null, OpenAIErrors.Invalid($"The Idempotency-Key header is longer than {MaxIdempotencyKeyLength} characters.", "Idempotency-Key", "invalid_value"));
        }

        try
        {
            if (identity.Options.TokensPerMinute > 0 && chat.EstimatedTokens > identity.Options.TokensPerMinute)
            {
                metrics.RateLimited(identity.Tenant, "tokens");
                return (null, OpenAIErrors.RequestTooLargeForLimit(chat.EstimatedTokens, identity.Options.TokensPerMinute));
            }

            var limits = await rateLimiter.TryAcquireAsync(identity, chat.EstimatedTokens, cancellationToken);
            if (!limits.Allowed)
            {
                metrics.RateLimited(identity.Tenant, limits.Limit!);
                Log.RateLimited(logger, identity.KeyId, limits.Limit!, (long)limits.RetryAfter.TotalMilliseconds);
                var perMinute = limits.Limit == "tokens" ? identity.Options.TokensPerMinute : identity.Options.RequestsPerMinute;
                return (null, OpenAIErrors.RateLimited(limits.Limit!, perMinute, limits.RetryAfter));
            }

            var waiting = await backlog.GetBacklogAsync(cancellationToken);
            if (waiting >= Options.MaxQueueBacklog)
            {
                metrics.Shed(identity.Tenant);
                Log.Shed(logger, waiting, Options.MaxQueueBacklog);
                return (null, OpenAIErrors.Overloaded(Options.BackpressureStatusCode, Options.BackpressureRetryAfter));
            }

            return (new AdmittedRequest(identity, chat, priority, idempotencyKey.Length > 0 ? idempotencyKey : null, limits), null);
        }
        catch (RedisException ex) when (ex.IsTransient)
        {
            Log.QueueUnavailable(logger, ex);
            return (null, OpenAIErrors.Unavailable(TimeSpan.FromSeconds(2)));
        }
    }

    /// <summary>
    /// Puts the admitted request on the queue; returns the job id to follow (with its creation time in Redis server
    /// time when it was created now, null when an idempotency key named an earlier job), or the error to answer.
    /// </summary>
    public async Task<(string? JobId, DateTimeOffset? CreatedAt, OpenAIErrorResult? Error)> EnqueueAsync(AdmittedRequest admitted, string jobId, string completionId, string kind, CancellationToken cancellationToken)
    {
        var job = new LlmJob
        {
            CompletionId = completionId,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Request = admitted.Chat.Request,
        };
        var payload = JsonSerializer.SerializeToUtf8Bytes(job, LlmJsonContext.Default.LlmJob);

        // The producer span's context travels with the job, so the worker's span continues this trace.
        using var activity = Source.StartActivity($"send {queue.QueueName}", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "redis");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", queue.StreamName(admitted.Priority));
        activity?.SetTag("messaging.message.id", jobId);
        activity?.SetTag("gen_ai.request.model", admitted.Chat.Model);

        EnqueueResult result;
        try
        {
            result = await queue.EnqueueAsync(new EnqueueRequest
            {
                JobId = jobId,
                Payload = payload,
                Priority = admitted.Priority,
                Tenant = admitted.Identity.Tenant,
                Model = admitted.Chat.Model,
                TraceParent = (activity ?? Activity.Current)?.Id,
                // A retry carries the same request but gets a new completion id and time: compare the request.
                // Serialised only when a key asks for it: most requests carry none.
                IdempotencyFingerprint = admitted.IdempotencyKey is null
                    ? null
                    : JsonSerializer.SerializeToUtf8Bytes(admitted.Chat.Request, LlmJsonContext.Default.ChatCompletionRequest),
                // Idempotency keys are per API key and per endpoint kind: the same key on /v1/jobs and on
                // /v1/chat/completions names two different requests.
                IdempotencyKey = admitted.IdempotencyKey is { } key ? $"{kind}:{admitted.Identity.KeyId}:{key}" : null,
            }, cancellationToken);
        }
        catch (RedisException ex) when (ex.IsTransient)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "queue unreachable");
            Log.QueueUnavailable(logger, ex);
            return (null, null, OpenAIErrors.Unavailable(TimeSpan.FromSeconds(2)));
        }

        switch (result.Outcome)
        {
            case EnqueueOutcome.Created:
                metrics.Enqueued(admitted.Identity.Tenant, admitted.Chat.Model, kind);
                Log.JobAccepted(logger, jobId, admitted.Identity.Tenant, admitted.Chat.Model, admitted.Priority);
                return (result.JobId, result.CreatedAt, null);
            case EnqueueOutcome.Existing:
                return (result.JobId, null, null);
            case EnqueueOutcome.IdempotencyConflict:
                return (null, null, OpenAIErrors.IdempotencyConflict());
            default:
                throw new InvalidOperationException($"Job id {jobId} was generated twice.");
        }
    }

    /// <summary>OpenAI's rate-limit headers, so clients can pace themselves.</summary>
    public static void WriteLimitHeaders(HttpResponse response, AdmittedRequest admitted)
    {
        var key = admitted.Identity.Options;
        if (key.RequestsPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-requests"] = key.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-requests"] = Math.Max(0, admitted.Limits.RemainingRequests).ToString(CultureInfo.InvariantCulture);
        }

        if (key.TokensPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-tokens"] = key.TokensPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-tokens"] = Math.Max(0, admitted.Limits.RemainingTokens).ToString(CultureInfo.InvariantCulture);
        }
    }

    public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N");
}
