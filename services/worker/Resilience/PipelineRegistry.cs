using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Worker.Options;
using Platform.Worker.Providers;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Platform.Worker.Resilience;

/// <summary>
/// Builds and caches one pipeline per provider and model: concurrency limit → total timeout → retry →
/// circuit breaker → attempt timeout. Streams get their attempt limits (time to first token, idle time)
/// from the caller, since a stream's attempt may legitimately run for minutes.
/// </summary>
internal sealed class PipelineRegistry(IOptions<WorkerOptions> options, ProviderRegistry providers, TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Lazy<ModelPipeline>> _pipelines = new(StringComparer.Ordinal);

    /// <summary>The pipeline of a configured public model name.</summary>
    public ModelPipeline Get(string model) =>
        _pipelines.GetOrAdd(model, m => new Lazy<ModelPipeline>(() => Build(m))).Value;

    private ModelPipeline Build(string model)
    {
        var worker = options.Value;
        var modelOptions = worker.Models[model];
        var provider = worker.Providers[modelOptions.Provider];
        return new ModelPipeline
        {
            Model = model,
            Options = modelOptions,
            ProviderName = modelOptions.Provider,
            Provider = providers.Get(modelOptions.Provider),
            Resilience = provider.Resilience,
            Pipeline = BuildPipeline(provider.Resilience, worker.InProcessRetries, timeProvider),
        };
    }

    internal static ResiliencePipeline BuildPipeline(ProviderResilienceOptions resilience, int retries, TimeProvider timeProvider)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        builder.AddStrategy(_ => new ConcurrencyLimiterStrategy(resilience.MaxConcurrency));
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "total",
            TimeoutGenerator = args => ValueTask.FromResult(
                IsStreaming(args.Context) ? resilience.StreamTotalTimeout : resilience.TotalTimeout),
        });
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = resilience.RetryBaseDelay,
                MaxDelay = resilience.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(TransientFailure.ShouldRetryInProcess(
                    args.Outcome.Exception, Progress(args.Context), resilience.MaxRetryDelay)),
                // The provider's Retry-After wins over the computed backoff (ShouldHandle already refused longer ones).
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { RetryAfter: { } retryAfter } ? (TimeSpan?)retryAfter : null),
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = resilience.BreakerFailureRatio,
            MinimumThroughput = resilience.BreakerMinimumThroughput,
            SamplingDuration = resilience.BreakerSamplingDuration,
            BreakDuration = resilience.BreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(TransientFailure.IsTransient(args.Outcome.Exception)),
        });
        builder.AddTimeout(new TimeoutStrategyOptions
        {
            Name = "attempt",
            TimeoutGenerator = args => ValueTask.FromResult(
                IsStreaming(args.Context) ? Timeout.InfiniteTimeSpan : resilience.AttemptTimeout),
        });
        return builder.Build();
    }

    private static CallProgress? Progress(ResilienceContext context) =>
        context.Properties.TryGetValue(PipelineKeys.Progress, out var progress) ? progress : null;

    private static bool IsStreaming(ResilienceContext context) => Progress(context) is { Streaming: true };
}
