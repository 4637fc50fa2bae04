using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Llm;
using Platform.Worker.Options;
using Platform.Worker.Providers;
using Platform.Worker.Resilience;
using Platform.Worker.Telemetry;
using Polly.CircuitBreaker;

namespace Platform.Worker.Processing;

/// <summary>
/// Runs one LLM job attempt: reads the payload, calls the model (streaming chunks through Redis when asked),
/// prices the usage and returns the result or a classified error. Cancellation propagates to the caller, which
/// knows whether the client cancelled or the worker is abandoning the job.
/// </summary>
internal sealed class LlmJobProcessor(
    ModelInvoker invoker, JobQueue queue, IOptions<WorkerOptions> options, WorkerMetrics metrics, ILogger<LlmJobProcessor> logger)
{
    public async Task<JobOutcome> ProcessAsync(JobLease lease, CancellationToken cancellationToken)
    {
        LlmJob? job;
        try
        {
            job = JsonSerializer.Deserialize(lease.Payload.Span, LlmJsonContext.Default.LlmJob);
        }
        catch (JsonException)
        {
            job = null;
        }

        if (job is null)
        {
            Log.PayloadInvalid(logger, lease.JobId);
            return JobOutcome.Failure(new JobError { Message = "The job's payload is not an LLM job.", Code = LlmErrorCodes.InvalidRequest, Retryable = false });
        }

        var model = ResolveModel(job.Request.Model ?? lease.Model);
        if (model is null)
        {
            return JobOutcome.Failure(new JobError
            {
                Message = "The model is not served by this worker.", Code = LlmErrorCodes.ModelNotFound, Retryable = false,
            });
        }

        Activity.Current?.SetTag("gen_ai.request.model", model);
        var callKey = string.Create(CultureInfo.InvariantCulture, $"{lease.JobId}/{lease.Attempt}");
        return job.Request.IsStreaming
            ? await StreamAsync(lease, job, model, callKey, cancellationToken)
            : await CompleteAsync(lease, job, model, callKey, cancellationToken);
    }

    private async Task<JobOutcome> CompleteAsync(JobLease lease, LlmJob job, string model, string callKey, CancellationToken cancellationToken)
    {
        Invocation invocation;
        try
        {
            invocation = await invoker.CompleteAsync(model, job.Request, callKey, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return JobOutcome.Failure(ToJobError(ex, retryable: null));
        }

        var completion = invocation.Completion!;
        var result = new ChatCompletion
        {
            Id = job.CompletionId,
            Created = job.Created,
            Model = invocation.Model,
            Choices = completion.Choices,
            Usage = completion.Usage,
        };
        return Success(lease, invocation, result, completion.Usage, ttft: null);
    }

    private async Task<JobOutcome> StreamAsync(JobLease lease, LlmJob job, string model, string callKey, CancellationToken cancellationToken)
    {
        var assembler = new StreamAssembler(job.CompletionId, job.Created);
        var started = Stopwatch.GetTimestamp();
        TimeSpan? ttft = null;
        string servedModel = model;
        Invocation invocation;
        try
        {
            invocation = await invoker.StreamAsync(model, job.Request, callKey, async (served, piece, ct) =>
            {
                servedModel = served;
                ttft ??= Stopwatch.GetElapsedTime(started);
                await AppendAsync(lease, JobStreamEventKind.Chunk, assembler.ToChunk(served, piece), LlmJsonContext.Default.ChatCompletionChunk, ct);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (assembler.ChunkCount == 0)
            {
                return JobOutcome.Failure(ToJobError(ex, retryable: null));
            }

            // The client already has part of the output: tell the relay, and do not let the queue run it again.
            var error = ToJobError(ex, retryable: false);
            var response = new OpenAIErrorResponse(new OpenAIError { Message = error.Message, Type = "server_error", Code = error.Code });
            await AppendAsync(lease, JobStreamEventKind.Error, response, LlmJsonContext.Default.OpenAIErrorResponse, cancellationToken);
            return JobOutcome.Failure(error);
        }

        foreach (var closing in assembler.Finish(servedModel))
        {
            await AppendAsync(lease, JobStreamEventKind.Chunk, closing, LlmJsonContext.Default.ChatCompletionChunk, cancellationToken);
        }

        // Not every server reports usage in streams; then the usual estimate stands in for the prompt and the chunk count for the output.
        var usage = invocation.Usage ?? Usage.Of(SimulatedProvider.EstimateTokens(job.Request), assembler.ChunkCount);
        await AppendAsync(lease, JobStreamEventKind.End, usage, LlmJsonContext.Default.Usage, cancellationToken);
        if (ttft is { } first)
        {
            metrics.RecordTimeToFirstToken(first, invocation.Model, invocation.ProviderName);
        }

        return Success(lease, invocation, assembler.ToCompletion(invocation.Model, usage), usage, ttft);
    }

    private JobOutcome Success(JobLease lease, Invocation invocation, ChatCompletion result, Usage usage, TimeSpan? ttft)
    {
        var cost = CostCalculator.Calculate(usage, options.Value.Models[invocation.Model]);
        metrics.RecordTokens(usage.PromptTokens, usage.CompletionTokens, invocation.Model, invocation.ResponseModel, invocation.ProviderName);
        metrics.RecordCost((double)cost, invocation.Model, lease.Tenant);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [LlmResultFields.PromptTokens] = usage.PromptTokens.ToString(CultureInfo.InvariantCulture),
            [LlmResultFields.CompletionTokens] = usage.CompletionTokens.ToString(CultureInfo.InvariantCulture),
            [LlmResultFields.CostUsd] = cost.ToString(CultureInfo.InvariantCulture),
            [LlmResultFields.Model] = invocation.Model,
            [LlmResultFields.Provider] = invocation.ProviderName,
        };
        if (ttft is { } first)
        {
            fields[LlmResultFields.TimeToFirstTokenMs] = ((long)first.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        }

        return JobOutcome.Success(JsonSerializer.SerializeToUtf8Bytes(result, LlmJsonContext.Default.ChatCompletion), fields);
    }

    private string? ResolveModel(string? requested)
    {
        var models = options.Value.Models;
        if (requested is null)
        {
            return options.Value.DefaultModel ?? models.Keys.FirstOrDefault();
        }

        return models.ContainsKey(requested) ? requested : null;
    }

    private async Task AppendAsync<T>(JobLease lease, JobStreamEventKind kind, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        await queue.AppendStreamEventAsync(lease.JobId, kind, lease.Attempt, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);

    private static JobError ToJobError(Exception exception, bool? retryable) => exception switch
    {
        ProviderException provider => new JobError
        {
            Message = provider.Message, Code = provider.Code, Retryable = retryable ?? provider.Retryable, RetryAfter = provider.RetryAfter,
        },
        BrokenCircuitException broken => new JobError
        {
            Message = "The provider's circuit is open.", Code = LlmErrorCodes.Unavailable, Retryable = retryable ?? true, RetryAfter = broken.RetryAfter,
        },
        Polly.Timeout.TimeoutRejectedException => new JobError
        {
            Message = "The provider did not answer in time.", Code = LlmErrorCodes.Timeout, Retryable = retryable ?? true,
        },
        _ => new JobError { Message = "The worker failed: " + exception.GetType().Name, Code = LlmErrorCodes.ServerError, Retryable = retryable ?? true },
    };
}
