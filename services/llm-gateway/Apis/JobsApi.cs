using Microsoft.AspNetCore.Http.Features;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Gateway.Auth;
using Platform.Gateway.Infrastructure;
using Platform.Jobs;
using Platform.Llm;

namespace Platform.Gateway.Apis;

/// <summary>The asynchronous jobs API: submit a chat completion, poll it, cancel it.</summary>
public static class JobsApi
{
    /// <summary>Maps <c>/v1/jobs</c>.</summary>
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/jobs").WithTags("Jobs");
        group.MapPost("/", CreateAsync).WithName("CreateJob").WithSummary("Queues a chat completion; answers 202 with the job.");
        group.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("A job's status, attempts, timings, and result or error.");
        group.MapDelete("/{id}", CancelAsync).WithName("CancelJob").WithSummary("Cancels a job that has not finished.");
        return app;
    }

    internal static async Task<IResult> CreateAsync(HttpContext context, JobAdmission admission, JobQueue queue)
    {
        var cancellationToken = context.RequestAborted;
        var (admitted, error) = await admission.AdmitAsync(context, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        JobAdmission.WriteLimitHeaders(context.Response, admitted!);

        // A job's result is fetched later, whole: streaming makes no sense here.
        var request = admitted!.Chat.Request with { Stream = null, StreamOptions = null };
        admitted = admitted with { Chat = admitted.Chat with { Request = request } };
        var newJobId = JobAdmission.NewId("job_");
        var (jobId, createdAt, enqueueError) = await admission.EnqueueAsync(admitted, newJobId, JobAdmission.NewId("chatcmpl-"), "job", cancellationToken);
        if (enqueueError is not null)
        {
            return enqueueError;
        }

        var location = $"/v1/jobs/{jobId}";
        if (jobId == newJobId && createdAt is { } created)
        {
            // Just created: its state is known without another round trip to Redis (the time is the server's, as a
            // later GET reads it).
            return new JobBodyResult(StatusCodes.Status202Accepted, new JobInfo
            {
                JobId = jobId,
                Status = JobStatus.Queued,
                Priority = admitted.Priority,
                Tenant = admitted.Identity.Tenant,
                Model = admitted.Chat.Model,
                Attempts = 0,
                MaxAttempts = queue.Options.MaxAttempts,
                CreatedAt = created,
            }, location);
        }

        // An idempotent retry returns the first job, which may have moved on: read it. (Should Redis go away between
        // the enqueue and this read, ExceptionMiddleware answers 503 like any outage; a retry with the same
        // Idempotency-Key then finds the job instead of queueing another.)
        var info = await queue.GetAsync(jobId!, cancellationToken);
        return info is null
            ? OpenAIErrors.Unavailable(TimeSpan.FromSeconds(1))
            : new JobBodyResult(StatusCodes.Status202Accepted, info, location);
    }

    internal static async Task<IResult> GetAsync(string id, HttpContext context, JobQueue queue)
    {
        // A Redis outage is answered 503 by ExceptionMiddleware, as everywhere.
        var identity = context.Features.GetRequiredFeature<ApiKeyIdentity>();
        var info = await FindAsync(queue, id, identity, context.RequestAborted);
        return info is null ? OpenAIErrors.JobNotFound(id) : new JobBodyResult(StatusCodes.Status200OK, info, null);
    }

    internal static async Task<IResult> CancelAsync(string id, HttpContext context, JobQueue queue)
    {
        var identity = context.Features.GetRequiredFeature<ApiKeyIdentity>();
        var cancellationToken = context.RequestAborted;
        if (await FindAsync(queue, id, identity, cancellationToken) is null)
        {
            return OpenAIErrors.JobNotFound(id);
        }

        var outcome = await queue.CancelAsync(id, cancellationToken);
        var info = await queue.GetAsync(id, cancellationToken);
        return outcome switch
        {
            CancelOutcome.NotFound => OpenAIErrors.JobNotFound(id),
            CancelOutcome.AlreadyFinished => OpenAIErrors.JobAlreadyFinished(id),
            _ when info is null => OpenAIErrors.JobNotFound(id),
            _ => new JobBodyResult(StatusCodes.Status200OK, info, null),
        };
    }

    private static async Task<JobInfo?> FindAsync(JobQueue queue, string id, ApiKeyIdentity identity, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > 128 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return null;
        }

        // Another tenant's job does not exist, as far as this caller can tell.
        var info = await queue.GetAsync(id, cancellationToken);
        return info is not null && info.Tenant == identity.Tenant ? info : null;
    }

    /// <summary>Writes a job as JSON, embedding its result (a chat.completion) as is.</summary>
    private sealed class JobBodyResult(int statusCode, JobInfo job, string? location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "application/json";
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            await using var writer = new Utf8JsonWriter(response.Body);
            Write(writer, job);
            await writer.FlushAsync(httpContext.RequestAborted);
        }

        private static void Write(Utf8JsonWriter w, JobInfo job)
        {
            w.WriteStartObject();
            w.WriteString("id", job.JobId);
            w.WriteString("object", "job");
            w.WriteString("status", StatusName(job.Status));
            w.WriteString("model", job.Model);
            w.WriteString("priority", job.Priority.ToString().ToLowerInvariant());
            w.WriteNumber("attempts", job.Attempts);
            w.WriteNumber("max_attempts", job.MaxAttempts);
            w.WriteNumber("created_at", job.CreatedAt.ToUnixTimeSeconds());
            WriteTime(w, "started_at", job.FirstStartedAt);
            WriteTime(w, "finished_at", job.FinishedAt);
            WriteTime(w, "next_attempt_at", job.NextAttemptAt);
            if (job.FirstStartedAt is { } started)
            {
                w.WriteNumber("queue_wait_ms", (long)(started - job.CreatedAt).TotalMilliseconds);
            }

            if (job.FinishedAt is { } finished)
            {
                w.WriteNumber("duration_ms", (long)(finished - job.CreatedAt).TotalMilliseconds);
            }

            w.WriteBoolean("cancel_requested", job.CancellationRequested);
            if (job.ResultFields.TryGetValue(LlmResultFields.CostUsd, out var cost) && double.TryParse(cost, System.Globalization.CultureInfo.InvariantCulture, out var usd))
            {
                w.WriteNumber("cost_usd", usd);
            }

            w.WritePropertyName("result");
            if (job.Result is { } result && IsJson(result))
            {
                w.WriteRawValue(result.Span, skipInputValidation: true);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WritePropertyName("error");
            if (job.Status is JobStatus.Failed or JobStatus.DeadLettered or JobStatus.Cancelled)
            {
                var error = JobErrors.ToResult(job).Error;
                w.WriteStartObject();
                w.WriteString("message", error.Message);
                w.WriteString("type", error.Type);
                w.WriteString("code", error.Code);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("errors");
            foreach (var attempt in job.Errors)
            {
                w.WriteStartObject();
                w.WriteNumber("attempt", attempt.Attempt);
                w.WriteNumber("at", attempt.At.ToUnixTimeMilliseconds() / 1000.0);
                w.WriteString("code", attempt.Code);
                w.WriteString("message", attempt.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
        {
            if (value is { } time)
            {
                w.WriteNumber(name, time.ToUnixTimeSeconds());
            }
            else
            {
                w.WriteNull(name);
            }
        }

        // Workers store a chat.completion object; anything else is not embedded.
        private static bool IsJson(ReadOnlyMemory<byte> value) => value.Span.TrimStart(" \t\r\n"u8) is [(byte)'{', ..];

        private static string StatusName(JobStatus status) => status switch
        {
            JobStatus.Queued => "queued",
            JobStatus.Running => "running",
            JobStatus.Succeeded => "succeeded",
            JobStatus.Failed => "failed",
            JobStatus.Cancelled => "cancelled",
            JobStatus.DeadLettered => "dead_lettered",
            _ => "unknown",
        };
    }
}
