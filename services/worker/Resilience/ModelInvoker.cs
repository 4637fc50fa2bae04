using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Platform.Llm;
using Platform.Worker.Providers;
using Platform.Worker.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Platform.Worker.Resilience;

/// <summary>
/// Calls a model through its pipeline and, when the circuit is open or the retries are spent, its fallback
/// model (and that model's fallback, without cycles). A stream that has produced output is never retried
/// nor handed to a fallback: the client already has part of it.
/// </summary>
internal sealed class ModelInvoker(PipelineRegistry pipelines, WorkerMetrics metrics, TimeProvider timeProvider, ILogger<ModelInvoker> logger)
{
    /// <summary>Runs a non-streaming completion.</summary>
    public Task<Invocation> CompleteAsync(string model, ChatCompletionRequest request, string callKey, CancellationToken cancellationToken) =>
        InvokeAsync(model, callKey, streaming: false, async (pipeline, progress, key, ct) =>
        {
            var completion = await ExecuteAsync(pipeline, progress, async (context, _) =>
            {
                var call = new ProviderRequest { Request = request, UpstreamModel = Upstream(pipeline), CallKey = $"{key}/{++progress.Tries}" };
                return await pipeline.Provider.CompleteAsync(call, context.CancellationToken);
            }, ct);
            return new Invocation
            {
                Model = pipeline.Model,
                ProviderName = pipeline.ProviderName,
                ResponseModel = completion.Model,
                Completion = completion,
                Usage = completion.Usage,
            };
        }, cancellationToken);

    /// <summary>
    /// Runs a streaming completion, handing every piece to <paramref name="onChunk"/> (with the public name of the
    /// model serving it) as it arrives. The attempt limits are the time to the first piece and the idle time
    /// between pieces, not the length of the generation.
    /// </summary>
    public Task<Invocation> StreamAsync(
        string model, ChatCompletionRequest request, string callKey, Func<string, ProviderChunk, CancellationToken, ValueTask> onChunk, CancellationToken cancellationToken) =>
        InvokeAsync(model, callKey, streaming: true, async (pipeline, progress, key, ct) =>
        {
            var usage = await ExecuteAsync(pipeline, progress, async (context, _) =>
            {
                var call = new ProviderRequest { Request = request, UpstreamModel = Upstream(pipeline), CallKey = $"{key}/{++progress.Tries}" };
                return await StreamAttemptAsync(pipeline, call, progress, onChunk, context.CancellationToken);
            }, ct);
            return new Invocation { Model = pipeline.Model, ProviderName = pipeline.ProviderName, ResponseModel = Upstream(pipeline), Usage = usage };
        }, cancellationToken);

    private async Task<Invocation> InvokeAsync(
        string model, string callKey, bool streaming, Func<ModelPipeline, CallProgress, string, CancellationToken, Task<Invocation>> call, CancellationToken cancellationToken)
    {
        var tried = new HashSet<string>(StringComparer.Ordinal);
        var progress = new CallProgress { Streaming = streaming };
        var current = model;
        while (true)
        {
            tried.Add(current);
            var pipeline = pipelines.Get(current);
            using var activity = WorkerTelemetry.ActivitySource.StartActivity("chat " + current, ActivityKind.Client);
            activity?.SetTag("gen_ai.operation.name", "chat");
            activity?.SetTag("gen_ai.request.model", current);
            activity?.SetTag("gen_ai.provider.name", pipeline.ProviderName);
            var started = timeProvider.GetTimestamp();
            try
            {
                var invocation = await call(pipeline, progress, callKey + "/" + current, cancellationToken);
                activity?.SetTag("gen_ai.response.model", invocation.ResponseModel);
                if (invocation.Usage is { } usage)
                {
                    activity?.SetTag("gen_ai.usage.input_tokens", usage.PromptTokens);
                    activity?.SetTag("gen_ai.usage.output_tokens", usage.CompletionTokens);
                }

                metrics.RecordOperation(timeProvider.GetElapsedTime(started), current, invocation.ResponseModel, pipeline.ProviderName, null);
                return invocation;
            }
            catch (Exception ex)
            {
                var errorType = ErrorType(ex);
                activity?.SetStatus(ActivityStatusCode.Error, errorType);
                activity?.SetTag("error.type", errorType);
                metrics.RecordOperation(timeProvider.GetElapsedTime(started), current, null, pipeline.ProviderName, errorType);
                var fallback = pipeline.Options.FallbackModel;
                if (cancellationToken.IsCancellationRequested || progress.Emitted || fallback is null || tried.Contains(fallback)
                    || !TransientFailure.CallsForFallback(ex))
                {
                    throw;
                }

                Log.FallingBack(logger, current, fallback, errorType);
                current = fallback;
                progress.Tries = 0;
            }
        }
    }

    private static async Task<TResult> ExecuteAsync<TResult>(
        ModelPipeline pipeline, CallProgress progress, Func<ResilienceContext, object?, ValueTask<TResult>> callback, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(PipelineKeys.Progress, progress);
            return await pipeline.Pipeline.ExecuteAsync(callback, context, (object?)null);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Usage?> StreamAttemptAsync(
        ModelPipeline pipeline, ProviderRequest call, CallProgress progress, Func<string, ProviderChunk, CancellationToken, ValueTask> onChunk, CancellationToken cancellationToken)
    {
        // The watchdog bounds the wait for each piece: the first by the time-to-first-token limit, later ones by the idle limit.
        using var watchdog = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
        watchdog.CancelAfter(pipeline.Resilience.TimeToFirstTokenTimeout);
        var first = true;
        Usage? usage = null;
        var stream = pipeline.Provider.StreamAsync(call, linked.Token).GetAsyncEnumerator(linked.Token);
        try
        {
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutRejectedException(first
                        ? "The provider sent no first token in time."
                        : "The provider's stream went idle.", pipeline.Resilience.StreamIdleTimeout);
                }

                watchdog.CancelAfter(Timeout.InfiniteTimeSpan);
                var chunk = stream.Current;
                if (chunk.Usage is not null)
                {
                    usage = chunk.Usage;
                }

                if (chunk.Content is not null || chunk.FinishReason is not null)
                {
                    first = false;
                    progress.Emitted = true;
                    await onChunk(pipeline.Model, chunk, cancellationToken);
                }

                watchdog.CancelAfter(first ? pipeline.Resilience.TimeToFirstTokenTimeout : pipeline.Resilience.StreamIdleTimeout);
            }
        }
        finally
        {
            await stream.DisposeAsync();
        }

        return usage;
    }

    private static string Upstream(ModelPipeline pipeline) => pipeline.Options.UpstreamModel ?? pipeline.Model;

    internal static string ErrorType(Exception exception) => exception switch
    {
        ProviderException provider => provider.Code,
        BrokenCircuitException => "circuit_open",
        TimeoutRejectedException => LlmErrorCodes.Timeout,
        OperationCanceledException => LlmErrorCodes.Cancelled,
        _ => exception.GetType().Name,
    };
}
