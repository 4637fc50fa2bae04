using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Jobs;
using Platform.Llm;
using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class ChatCompletionsTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task NonStreaming_WorkerAnswers_ReturnsChatCompletion()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.PostAsync("/v1/chat/completions", Json(Chat()), Ct);
        var job = await Worker.CompleteNextAsync("Hello there", Ct);
        var response = await call;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(job.CompletionId, body.GetProperty("id").GetString());
        Assert.StartsWith("chatcmpl-", job.CompletionId);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal("sim-small", body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("Hello there", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.Equal(15, body.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(job.CompletionId, response.Headers.GetValues("x-job-id").Single());
        Assert.Equal("Say hello", job.Request.Messages![0].GetText());
    }

    [Fact]
    public async Task NonStreaming_JobFailsNotRetryable_ReturnsMappedError()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.PostAsync("/v1/chat/completions", Json(Chat()), Ct);
        var (lease, _) = await Worker.TakeAsync(Ct);
        await Worker.Queue.FailAsync(lease, new JobError { Message = "This model's maximum context length is 8192 tokens.", Code = LlmErrorCodes.ContextLengthExceeded, Retryable = false }, Ct);
        var response = await call;

        var error = await AssertOpenAIErrorAsync(response, 400, "context_length_exceeded");
        Assert.Contains("maximum context length", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task NonStreaming_NoWorkerWithinTimeout_Returns504WithJobId()
    {
        await using var gateway = NewGateway("g" + Guid.NewGuid().ToString("N")[..10], new Dictionary<string, string?> { ["Gateway:SyncTimeout"] = "00:00:01" });
        using var client = gateway.CreateClient(GatewayFactory.Key);

        var response = await client.PostAsync("/v1/chat/completions", Json(Chat()), Ct);

        var error = await AssertOpenAIErrorAsync(response, 504, "timeout");
        var jobId = response.Headers.GetValues("x-job-id").Single();
        Assert.Contains(jobId, error.GetProperty("message").GetString());
        var poll = await client.GetAsync($"/v1/jobs/{jobId}", Ct);
        Assert.Equal("queued", (await ReadJsonAsync(poll)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Streaming_WorkerProducesChunks_RelaysFramesUsageAndDone()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var body = Chat(extra: ""","stream":true,"stream_options":{"include_usage":true}""");

        var call = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        await Worker.StreamNextAsync(["Hel", "lo", "!"], failAfterFirst: false, Ct);
        var response = await call;
        var events = await SseReader.ReadAllAsync(response, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal(4, chunks.Count);
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(c => c.GetProperty("id").GetString()).Distinct());
        Assert.Equal("Hello!", string.Concat(chunks.Take(3).Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString())));
        Assert.Equal("assistant", chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("stop", chunks[2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        var usage = chunks[3];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(23, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal(JsonValueKind.Null, chunks[0].GetProperty("usage").ValueKind);
    }

    [Fact]
    public async Task Streaming_WithoutIncludeUsage_HasNoUsageChunk()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","stream":true""")) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        await Worker.StreamNextAsync(["a", "b"], failAfterFirst: false, Ct);
        var events = await SseReader.ReadAllAsync(await call, Ct);

        Assert.Equal(3, events.Count);
        Assert.Equal("[DONE]", events[^1]);
    }

    [Fact]
    public async Task Streaming_FailureAfterFirstChunk_SendsErrorEvent()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","stream":true""")) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        await Worker.StreamNextAsync(["partial", "never"], failAfterFirst: true, Ct);
        var response = await call;
        var events = await SseReader.ReadAllAsync(response, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, events.Count);
        var error = JsonDocument.Parse(events[1]).RootElement.GetProperty("error");
        Assert.Equal("server_error", error.GetProperty("code").GetString());
        Assert.DoesNotContain("[DONE]", events);
    }

    [Fact]
    public async Task Streaming_WorkerDiesMidStreamAndJobRestarts_ClientGetsErrorNotSplicedText()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","stream":true""")) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        var (lease, job) = await Worker.TakeAsync(Ct);
        byte[] Chunk(string text) => JsonSerializer.SerializeToUtf8Bytes(new ChatCompletionChunk
        {
            Id = job.CompletionId, Created = job.Created, Model = "sim-small",
            Choices = [new ChunkChoice { Delta = new ChunkDelta { Content = text } }],
        }, LlmJsonContext.Default.ChatCompletionChunk);
        await Worker.Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.Chunk, 1, Chunk("first attempt"), Ct);
        await Worker.Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.Chunk, 2, Chunk("second attempt"), Ct);
        var events = await SseReader.ReadAllAsync(await call, Ct);

        Assert.Equal(2, events.Count);
        Assert.Contains("first attempt", events[0]);
        Assert.Equal("server_error", JsonDocument.Parse(events[1]).RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Streaming_FailureBeforeFirstChunk_ReturnsHttpError()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var call = client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","stream":true""")) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        var (lease, _) = await Worker.TakeAsync(Ct);
        await Worker.Queue.FailAsync(lease, new JobError { Message = "bad input", Code = LlmErrorCodes.InvalidRequest, Retryable = false }, Ct);
        var response = await call;

        await AssertOpenAIErrorAsync(response, 400, "invalid_request");
    }

    [Fact]
    public async Task Streaming_QuietWorker_SendsKeepAliveComments()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","stream":true""")) }, HttpCompletionOption.ResponseHeadersRead, Ct);
        var (lease, job) = await Worker.TakeAsync(Ct);
        var comment = await SseReader.ReadFirstCommentAsync(response, Ct);
        await Worker.Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.End, 1, JsonSerializer.SerializeToUtf8Bytes(Usage.Of(1, 0), LlmJsonContext.Default.Usage), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(" keep-alive", comment);
        Assert.Equal(job.CompletionId, lease.JobId);
    }

    [Fact]
    public async Task ClientDisconnects_JobIsCancelled()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var call = client.PostAsync("/v1/chat/completions", Json(Chat()), abort.Token);
        var (lease, _) = await Worker.TakeAsync(Ct);
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        var info = await Eventually.ReturnsAsync(() => Worker.Queue.GetAsync(lease.JobId, Ct), i => i is { CancellationRequested: true }, "the cancellation requested", cancellationToken: Ct);
        Assert.Equal(JobStatus.Running, info!.Status);
        Assert.Equal(FailOutcome.Cancelled, (await Worker.Queue.FailAsync(lease, new JobError { Message = "cancelled", Code = LlmErrorCodes.Cancelled }, Ct)).Outcome);
    }

    [Fact]
    public async Task Cache_OptedIn_SecondIdenticalRequestIsServedFromCache()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        HttpRequestMessage Request() => new(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Chat(extra: ""","temperature":0""")), Headers = { { "x-platform-cache", "on" } } };

        var first = client.SendAsync(Request(), Ct);
        await Worker.CompleteNextAsync("cached answer", Ct);
        var miss = await first;
        var hit = await client.SendAsync(Request(), Ct);
        var stats = await Worker.Queue.GetStatisticsAsync(Ct);

        Assert.Equal("MISS", miss.Headers.GetValues("x-cache").Single());
        Assert.Equal("HIT", hit.Headers.GetValues("x-cache").Single());
        Assert.Equal(await miss.Content.ReadAsStringAsync(Ct), await hit.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, stats.Added);
    }

    [Fact]
    public async Task IdempotencyKey_RetriedRequest_GetsTheSameCompletion()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        HttpRequestMessage Request(string body) => new(HttpMethod.Post, "/v1/chat/completions") { Content = Json(body), Headers = { { "Idempotency-Key", "retry-1" } } };

        var first = client.SendAsync(Request(Chat()), Ct);
        await Worker.CompleteNextAsync("only once", Ct);
        var firstBody = await (await first).Content.ReadAsStringAsync(Ct);
        var retry = await client.SendAsync(Request(Chat()), Ct);
        var conflict = await client.SendAsync(Request(Chat("sim-large")), Ct);

        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync(Ct));
        await AssertOpenAIErrorAsync(conflict, 409, "idempotency_key_conflict");
        Assert.Equal(1, (await Worker.Queue.GetStatisticsAsync(Ct)).Added);
    }
}
