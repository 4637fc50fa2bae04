using System.Net;
using Platform.Llm;
using Platform.Worker.Providers;

namespace Platform.Worker.Tests.Providers;

public sealed class OpenAIProviderTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;
    private OpenAIProvider _provider = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeOpenAIServer.StartAsync(Ct);
        _provider = new OpenAIProvider(_server.BaseUrl, "sk-test-key", TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        _provider.Dispose();
        await _server.DisposeAsync();
    }

    private static ProviderRequest Call(bool stream = false) => new()
    {
        Request = new ChatCompletionRequest { Model = "public-name", Messages = [ChatMessage.Text("user", "hi")], MaxTokens = 5, Stream = stream },
        UpstreamModel = "up-model",
        CallKey = "job/1/1",
    };

    [Fact]
    public async Task CompleteAsync_Success_ReturnsChoicesUsageAndSendsBearerAndUpstreamModel()
    {
        _server.EnqueueJson(200, FakeOpenAIServer.Completion("hello there", prompt: 11, completion: 2));

        var completion = await _provider.CompleteAsync(Call(), Ct);

        Assert.Equal("hello there", completion.Choices[0].Message.GetText());
        Assert.Equal(Usage.Of(11, 2), completion.Usage);
        Assert.Equal("up-model-2025", completion.Model);
        var (body, authorization, _) = Assert.Single(_server.Requests);
        Assert.Equal("Bearer sk-test-key", authorization);
        Assert.Equal("up-model", body.GetProperty("model").GetString());
        Assert.Equal(5, body.GetProperty("max_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamAsync_Sse_YieldsContentFinishAndUsageAndAsksForUsage()
    {
        _server.EnqueueSse(
            """{"id":"c","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            """{"id":"c","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}""",
            """{"id":"c","object":"chat.completion.chunk","created":1,"model":"up","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}}""",
            "[DONE]");

        var chunks = new List<ProviderChunk>();
        await foreach (var chunk in _provider.StreamAsync(Call(stream: true), Ct))
        {
            chunks.Add(chunk);
        }

        Assert.Equal("Hello", string.Concat(chunks.Select(c => c.Content)));
        Assert.Equal("stop", chunks.Single(c => c.FinishReason is not null).FinishReason);
        Assert.Equal(Usage.Of(4, 2), chunks.Last().Usage);
        var body = Assert.Single(_server.Requests).Body;
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
    }

    [Fact]
    public async Task StreamAsync_ErrorEvent_ThrowsProviderException()
    {
        _server.EnqueueSse(
            """{"id":"c","object":"chat.completion.chunk","created":1,"model":"up","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}""",
            """{"error":{"message":"overloaded","type":"server_error","code":null}}""");

        var exception = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in _provider.StreamAsync(Call(stream: true), Ct))
            {
            }
        });

        Assert.Equal(LlmErrorCodes.ServerError, exception.Code);
        Assert.True(exception.Retryable);
    }

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)] // OpenAI's millisecond header
    [InlineData("Retry-After", "7", 7000)] // standard seconds
    public async Task CompleteAsync_429_CarriesRetryAfter(string header, string value, int expectedMs)
    {
        _server.EnqueueJson(429, """{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}""", (header, value));

        var exception = await Assert.ThrowsAsync<ProviderException>(() => _provider.CompleteAsync(Call(), Ct));

        Assert.Equal(LlmErrorCodes.RateLimited, exception.Code);
        Assert.True(exception.Retryable);
        Assert.Equal(HttpStatusCode.TooManyRequests, exception.Status);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), exception.RetryAfter);
    }

    [Theory]
    [InlineData(400, "context_length_exceeded", LlmErrorCodes.ContextLengthExceeded)]
    [InlineData(429, "insufficient_quota", LlmErrorCodes.InsufficientQuota)]
    [InlineData(401, "invalid_api_key", LlmErrorCodes.ProviderAuthentication)]
    [InlineData(404, "model_not_found", LlmErrorCodes.ModelNotFound)]
    public async Task CompleteAsync_ClientErrors_AreNotRetryable(int status, string code, string expectedCode)
    {
        _server.EnqueueJson(status, $$$"""{"error":{"message":"no","type":"invalid_request_error","code":"{{{code}}}"}}""");

        var exception = await Assert.ThrowsAsync<ProviderException>(() => _provider.CompleteAsync(Call(), Ct));

        Assert.Equal(expectedCode, exception.Code);
        Assert.False(exception.Retryable);
    }

    [Fact]
    public async Task CompleteAsync_ServerUnreachable_IsRetryableUnavailable()
    {
        using var provider = new OpenAIProvider(new Uri("http://127.0.0.1:1/v1"), null, TimeProvider.System);

        var exception = await Assert.ThrowsAsync<ProviderException>(() => provider.CompleteAsync(Call(), Ct));

        Assert.Equal(LlmErrorCodes.Unavailable, exception.Code);
        Assert.True(exception.Retryable);
    }
}
