using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Llm;
using Platform.Worker.Options;
using Platform.Worker.Providers;
using Platform.Worker.Resilience;
using Platform.Worker.Telemetry;
using Platform.Worker.Tests.Providers;
using Polly.Timeout;

namespace Platform.Worker.Tests.Resilience;

public sealed class ModelInvokerTests
{
    private static readonly ChatCompletionRequest Request = new() { Messages = [ChatMessage.Text("user", "hi")], MaxTokens = 4 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ProviderResilienceOptions Fast() => new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromSeconds(2),
        TimeToFirstTokenTimeout = TimeSpan.FromMilliseconds(300),
        StreamIdleTimeout = TimeSpan.FromMilliseconds(300),
        BreakerMinimumThroughput = 2,
        BreakerBreakDuration = TimeSpan.FromSeconds(30),
    };

    /// <summary>An invoker over models "primary" (provider "a", falling back to "backup") and "backup" (provider "b").</summary>
    private static ModelInvoker Invoker(ILlmProvider a, ILlmProvider? b = null, ProviderResilienceOptions? resilience = null, int retries = 1)
    {
        var options = new WorkerOptions { InProcessRetries = retries };
        options.Providers["a"] = new ProviderOptions { Resilience = resilience ?? Fast() };
        options.Providers["b"] = new ProviderOptions { Resilience = Fast() };
        options.Models["primary"] = new ModelOptions { Provider = "a", FallbackModel = b is null ? null : "backup", UpstreamModel = "up-model" };
        options.Models["backup"] = new ModelOptions { Provider = "b" };
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        var providers = new ProviderRegistry(wrapped, TimeProvider.System);
        providers.Register("a", a);
        providers.Register("b", b ?? ScriptedProvider.Failing());
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        return new ModelInvoker(new PipelineRegistry(wrapped, providers, TimeProvider.System), new WorkerMetrics(meters), TimeProvider.System,
            NullLogger<ModelInvoker>.Instance);
    }

    [Fact]
    public async Task CompleteAsync_429WithRetryAfterMs_RetriesNoSoonerThanAsked()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Ct);
        server.EnqueueJson(429, """{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}""", ("retry-after-ms", "400"));
        server.EnqueueJson(200, FakeOpenAIServer.Completion("ok"));
        using var provider = new OpenAIProvider(server.BaseUrl, "k", TimeProvider.System);

        var invocation = await Invoker(provider).CompleteAsync("primary", Request, "job/1", Ct);

        Assert.Equal("ok", invocation.Completion!.Choices[0].Message.GetText());
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        // The backoff alone would wait about 10 ms; the provider asked for 400.
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromMilliseconds(390), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task CompleteAsync_ContextLengthExceeded_FailsAtOnceWithoutRetryOrFallback()
    {
        await using var server = await FakeOpenAIServer.StartAsync(Ct);
        server.EnqueueJson(400, """{"error":{"message":"too long","type":"invalid_request_error","code":"context_length_exceeded"}}""");
        using var provider = new OpenAIProvider(server.BaseUrl, "k", TimeProvider.System);
        var backup = ScriptedProvider.Answering("backup answer");

        var exception = await Assert.ThrowsAsync<ProviderException>(() => Invoker(provider, backup).CompleteAsync("primary", Request, "job/1", Ct));

        Assert.Equal(LlmErrorCodes.ContextLengthExceeded, exception.Code);
        Assert.Single(server.Requests);
        Assert.Equal(0, backup.Calls);
    }

    [Fact]
    public async Task CompleteAsync_RetryAfterBeyondCap_FailsWithRetryAfterForTheQueue()
    {
        var provider = new ScriptedProvider((_, _) => throw new ProviderException("busy", LlmErrorCodes.RateLimited, true, retryAfter: TimeSpan.FromMinutes(1)));

        var exception = await Assert.ThrowsAsync<ProviderException>(() => Invoker(provider).CompleteAsync("primary", Request, "job/1", Ct));

        Assert.Equal(TimeSpan.FromMinutes(1), exception.RetryAfter);
        Assert.Equal(1, provider.Calls);
    }

    [Fact]
    public async Task CompleteAsync_RepeatedFailures_OpenBreakerAndFallbackServes()
    {
        var primary = ScriptedProvider.Failing();
        var backup = ScriptedProvider.Answering("backup answer");
        var invoker = Invoker(primary, backup);

        var served = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var invocation = await invoker.CompleteAsync("primary", Request, $"job-{i}/1", Ct);
            served.Add(invocation.Model);
        }

        Assert.All(served, model => Assert.Equal("backup", model));
        // The first job's attempt and retry fail and open the circuit; later jobs never reach the primary.
        Assert.Equal(2, primary.Calls);
        Assert.Equal(5, backup.Calls);
    }

    [Fact]
    public async Task StreamAsync_StreamGoesIdleAfterOutput_TimesOutWithoutRetry()
    {
        var primary = new ScriptedProvider(stream: (_, ct) => OneThenSilence(ct));
        var pieces = new List<string?>();

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Invoker(primary, ScriptedProvider.Answering("never used")).StreamAsync(
            "primary", Request, "job/1", (_, piece, _) => { pieces.Add(piece.Content); return ValueTask.CompletedTask; }, Ct));

        Assert.Equal(["Hel"], pieces);
        Assert.Equal(1, primary.Calls);
    }

    [Fact]
    public async Task StreamAsync_NoFirstToken_RetriesThenFallsBack()
    {
        var primary = new ScriptedProvider(stream: (_, ct) => Silence(ct));
        var backup = ScriptedProvider.Answering("from the backup");
        var pieces = new List<string?>();

        var invocation = await Invoker(primary, backup).StreamAsync(
            "primary", Request, "job/1", (_, piece, _) => { pieces.Add(piece.Content); return ValueTask.CompletedTask; }, Ct);

        Assert.Equal(2, primary.Calls);
        Assert.Equal("backup", invocation.Model);
        Assert.Equal("from the backup", string.Concat(pieces));
    }

    [Fact]
    public async Task StreamAsync_LongStreamThatKeepsProducing_DoesNotTimeOut()
    {
        // 40 pieces 25 ms apart: about a second in all, more than three idle limits, but never idle for one.
        var text = string.Join(' ', Enumerable.Range(0, 40).Select(i => "w" + i));
        var primary = new ScriptedProvider(stream: (_, ct) => ScriptedProvider.Pieces(text, TimeSpan.FromMilliseconds(25), ct));
        var pieces = new List<string?>();

        var invocation = await Invoker(primary).StreamAsync(
            "primary", Request, "job/1", (_, piece, _) => { pieces.Add(piece.Content); return ValueTask.CompletedTask; }, Ct);

        Assert.Equal(text, string.Concat(pieces));
        Assert.Equal(40, invocation.Usage!.CompletionTokens);
        Assert.Equal(1, primary.Calls);
    }

    private static async IAsyncEnumerable<ProviderChunk> OneThenSilence([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new ProviderChunk { Content = "Hel" };
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    private static async IAsyncEnumerable<ProviderChunk> Silence([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
