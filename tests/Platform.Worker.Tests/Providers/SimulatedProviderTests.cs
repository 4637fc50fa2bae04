using Platform.Llm;
using Platform.Worker.Options;
using Platform.Worker.Providers;

namespace Platform.Worker.Tests.Providers;

public sealed class SimulatedProviderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SimulatedProvider Provider(Action<SimulatedProviderOptions>? configure = null)
    {
        var options = new SimulatedProviderOptions { Seed = 42, TimeToFirstToken = TimeSpan.Zero, TimePerOutputToken = TimeSpan.Zero };
        configure?.Invoke(options);
        return new SimulatedProvider("sim", options, TimeProvider.System);
    }

    private static ProviderRequest Call(string key, int? maxTokens = 12, int? n = null) => new()
    {
        Request = new ChatCompletionRequest
        {
            Model = "sim-small",
            Messages = [ChatMessage.Text("user", "Say something about queues, please.")],
            MaxTokens = maxTokens,
            N = n,
        },
        UpstreamModel = "sim-upstream",
        CallKey = key,
    };

    [Fact]
    public async Task CompleteAsync_SameSeedAndCall_ReturnsSameText()
    {
        var first = await Provider().CompleteAsync(Call("job-1/1"), Ct);
        var again = await Provider().CompleteAsync(Call("job-1/1"), Ct);
        var other = await Provider().CompleteAsync(Call("job-2/1"), Ct);

        Assert.Equal(first.Choices[0].Message.GetText(), again.Choices[0].Message.GetText());
        Assert.NotEqual(first.Choices[0].Message.GetText(), other.Choices[0].Message.GetText());
    }

    [Theory]
    [InlineData(1)] // a single token
    [InlineData(12)] // a short answer
    [InlineData(300)] // a long answer
    public async Task CompleteAsync_MaxTokens_OutputHasThatManyTokens(int maxTokens)
    {
        var completion = await Provider().CompleteAsync(Call("job", maxTokens), Ct);

        Assert.Equal(maxTokens, completion.Usage.CompletionTokens);
        Assert.Equal(maxTokens, completion.Choices[0].Message.GetText().Split(' ').Length);
        Assert.Equal("length", completion.Choices[0].FinishReason);
        Assert.Equal("sim-upstream", completion.Model);
    }

    [Fact]
    public async Task CompleteAsync_NoMaxTokens_UsesDefaultLengthAndEstimatesPrompt()
    {
        var completion = await Provider(o => o.DefaultOutputTokens = 7).CompleteAsync(Call("job", maxTokens: null, n: 2), Ct);

        Assert.Equal(2, completion.Choices.Count);
        Assert.Equal(14, completion.Usage.CompletionTokens);
        // "user" + 35 characters of text = 39 characters: about 10 tokens at 4 characters per token.
        Assert.Equal(10, completion.Usage.PromptTokens);
        Assert.Equal("stop", completion.Choices[1].FinishReason);
    }

    [Fact]
    public async Task StreamAsync_YieldsOneChunkPerTokenThenUsage()
    {
        var chunks = new List<ProviderChunk>();
        await foreach (var chunk in Provider().StreamAsync(Call("job", 5), Ct))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(6, chunks.Count);
        Assert.All(chunks.Take(5), c => Assert.NotNull(c.Content));
        Assert.Equal("length", chunks[4].FinishReason);
        Assert.Equal(5, chunks[5].Usage!.CompletionTokens);
        var whole = await Provider().CompleteAsync(Call("job", 5), Ct);
        Assert.Equal(whole.Choices[0].Message.GetText(), string.Concat(chunks.Take(5).Select(c => c.Content)));
    }

    [Fact]
    public async Task CompleteAsync_FailureFractions_FailAboutThatShareOfCalls()
    {
        var provider = Provider(o =>
        {
            o.RateLimitFraction = 0.2;
            o.ServerErrorFraction = 0.1;
            o.RetryAfter = TimeSpan.FromSeconds(3);
        });
        int rateLimited = 0, serverErrors = 0, succeeded = 0;
        for (var i = 0; i < 2000; i++)
        {
            try
            {
                await provider.CompleteAsync(Call("job-" + i, 1), Ct);
                succeeded++;
            }
            catch (ProviderException ex) when (ex.Code == LlmErrorCodes.RateLimited)
            {
                Assert.True(ex.Retryable);
                Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
                rateLimited++;
            }
            catch (ProviderException ex) when (ex.Code == LlmErrorCodes.ServerError)
            {
                Assert.True(ex.Retryable);
                serverErrors++;
            }
        }

        // Seeded, so the counts are fixed; the ranges only say they match the configured fractions.
        Assert.InRange(rateLimited, 330, 470);
        Assert.InRange(serverErrors, 140, 260);
        Assert.Equal(2000, rateLimited + serverErrors + succeeded);
    }

    [Fact]
    public async Task CompleteAsync_TimeoutInjected_HangsUntilCancelled()
    {
        var provider = Provider(o => o.TimeoutFraction = 1);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = provider.CompleteAsync(Call("job"), cancel.Token);
        await Task.Delay(50, Ct);

        Assert.False(call.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
