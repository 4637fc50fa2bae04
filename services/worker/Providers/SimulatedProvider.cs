using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using Platform.Llm;
using Platform.Worker.Options;

namespace Platform.Worker.Providers;

/// <summary>
/// The embedded provider: latency from token counts (time to first token plus time per output token, with
/// jitter), text of the requested length, streaming at the token rate, and failure injection. With a seed,
/// everything about a call depends only on the seed and the call's key, never on scheduling.
/// </summary>
internal sealed class SimulatedProvider(string name, SimulatedProviderOptions options, TimeProvider timeProvider) : ILlmProvider
{
    private static readonly string[] Words =
    [
        "the", "queue", "worker", "token", "stream", "model", "latency", "scale", "request", "answer",
        "cluster", "metric", "policy", "retry", "signal", "budget", "replica", "window", "burst", "steady",
    ];

    /// <summary>The provider's configured name.</summary>
    public string Name => name;

    public async Task<ProviderCompletion> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var plan = Plan(request);
        await InjectFailureAsync(plan, cancellationToken);
        var total = plan.TimeToFirstToken + (plan.OutputTokens > 1 ? plan.TimePerToken * (plan.OutputTokens - 1) : TimeSpan.Zero);
        await DelayAsync(total, cancellationToken);
        var choices = new List<ChatChoice>(plan.Choices);
        for (var i = 0; i < plan.Choices; i++)
        {
            var text = new StringBuilder();
            for (var t = 0; t < plan.OutputTokens; t++)
            {
                text.Append(plan.Token(i, t));
            }

            choices.Add(new ChatChoice { Index = i, Message = ChatMessage.Text("assistant", text.ToString()), FinishReason = plan.FinishReason });
        }

        return new ProviderCompletion { Model = request.UpstreamModel, Choices = choices, Usage = plan.Usage };
    }

    public async IAsyncEnumerable<ProviderChunk> StreamAsync(ProviderRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var plan = Plan(request);
        await InjectFailureAsync(plan, cancellationToken);
        await DelayAsync(plan.TimeToFirstToken, cancellationToken);
        for (var t = 0; t < plan.OutputTokens; t++)
        {
            if (t > 0)
            {
                await DelayAsync(plan.TimePerToken, cancellationToken);
            }

            var last = t == plan.OutputTokens - 1;
            for (var i = 0; i < plan.Choices; i++)
            {
                yield return new ProviderChunk { Index = i, Content = plan.Token(i, t), FinishReason = last ? plan.FinishReason : null };
            }
        }

        yield return new ProviderChunk { Usage = plan.Usage };
    }

    /// <summary>Estimates prompt tokens the usual way: about four characters per token.</summary>
    internal static int EstimateTokens(ChatCompletionRequest request)
    {
        var characters = 0;
        foreach (var message in request.Messages ?? [])
        {
            characters += message.GetText().Length + (message.Role?.Length ?? 0);
        }

        return Math.Max(1, (characters + 3) / 4);
    }

    private CallPlan Plan(ProviderRequest request)
    {
        var random = options.Seed is { } seed ? new Random(HashCode(seed, request.CallKey)) : new Random();
        var outputTokens = Math.Max(1, request.Request.OutputTokenLimit ?? options.DefaultOutputTokens);
        var choices = Math.Max(1, request.Request.N ?? 1);
        var roll = random.NextDouble();
        var failure =
            roll < options.RateLimitFraction ? FailureKind.RateLimit
            : roll < options.RateLimitFraction + options.ServerErrorFraction ? FailureKind.ServerError
            : roll < options.RateLimitFraction + options.ServerErrorFraction + options.TimeoutFraction ? FailureKind.Hang
            : FailureKind.None;
        var jitter = 1 + options.Jitter * (2 * random.NextDouble() - 1);
        var wordSeed = random.Next();
        return new CallPlan
        {
            Failure = failure,
            OutputTokens = outputTokens,
            Choices = choices,
            TimeToFirstToken = options.TimeToFirstToken * jitter,
            TimePerToken = options.TimePerOutputToken * jitter,
            FinishReason = request.Request.OutputTokenLimit is null ? "stop" : "length",
            Usage = Usage.Of(EstimateTokens(request.Request), outputTokens * choices),
            WordSeed = wordSeed,
        };
    }

    private async Task InjectFailureAsync(CallPlan plan, CancellationToken cancellationToken)
    {
        switch (plan.Failure)
        {
            case FailureKind.RateLimit:
                throw ProviderException.FromHttp(HttpStatusCode.TooManyRequests, "rate_limit_exceeded", "Simulated rate limit.", options.RetryAfter);
            case FailureKind.ServerError:
                throw ProviderException.FromHttp(HttpStatusCode.InternalServerError, "server_error", "Simulated server error.", null);
            case FailureKind.Hang:
                // A provider that never answers: only the caller's timeout or cancellation ends the call.
                await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, cancellationToken);
                break;
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, timeProvider, cancellationToken) : Task.CompletedTask;

    private static int HashCode(int seed, string key)
    {
        // FNV-1a: string.GetHashCode is randomised per process, which would break determinism across runs.
        var hash = 2166136261u ^ (uint)seed;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7FFFFFFF);
    }

    private enum FailureKind
    {
        None,
        RateLimit,
        ServerError,
        Hang,
    }

    private sealed record CallPlan
    {
        public required FailureKind Failure { get; init; }

        public required int OutputTokens { get; init; }

        public required int Choices { get; init; }

        public required TimeSpan TimeToFirstToken { get; init; }

        public required TimeSpan TimePerToken { get; init; }

        public required string FinishReason { get; init; }

        public required Usage Usage { get; init; }

        public required int WordSeed { get; init; }

        public string Token(int choice, int position)
        {
            var word = Words[(int)((uint)(WordSeed + choice * 7919 + position * 104729) % (uint)Words.Length)];
            return position == 0 ? word : " " + word;
        }
    }
}
