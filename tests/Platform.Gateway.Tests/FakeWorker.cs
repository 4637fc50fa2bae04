using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Llm;
using Platform.Redis;

namespace Platform.Gateway.Tests;

/// <summary>
/// Plays the worker's side of the contract in <c>Platform.Llm</c> so the gateway can be tested alone: reads jobs
/// from the same queue and answers them as the test asks.
/// </summary>
internal sealed class FakeWorker(RedisConnection redis, string keyPrefix)
{
    public JobQueue Queue { get; } = new(redis, Options.Create(new JobQueueOptions { KeyPrefix = keyPrefix }));

    public async Task<(JobLease Lease, LlmJob Job)> TakeAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await Queue.EnsureCreatedAsync(cancellationToken);
            var leases = await Queue.ReadAsync("fake-worker", 1, TimeSpan.FromMilliseconds(500), cancellationToken);
            if (leases.Count > 0)
            {
                return (leases[0], JsonSerializer.Deserialize(leases[0].Payload.Span, LlmJsonContext.Default.LlmJob)!);
            }
        }

        throw new TimeoutException("No job arrived within 20 seconds.");
    }

    public static ChatCompletion Answer(LlmJob job, string text) => new()
    {
        Id = job.CompletionId,
        Created = job.Created,
        Model = job.Request.Model!,
        Choices = [new ChatChoice { Index = 0, Message = ChatMessage.Text("assistant", text), FinishReason = "stop" }],
        Usage = Usage.Of(12, 3),
    };

    public async Task<LlmJob> CompleteNextAsync(string text, CancellationToken cancellationToken)
    {
        var (lease, job) = await TakeAsync(cancellationToken);
        var result = JsonSerializer.SerializeToUtf8Bytes(Answer(job, text), LlmJsonContext.Default.ChatCompletion);
        await Queue.CompleteAsync(lease, result, new Dictionary<string, string> { [LlmResultFields.CostUsd] = "0.000123" }, cancellationToken);
        return job;
    }

    public async Task StreamNextAsync(IReadOnlyList<string> pieces, bool failAfterFirst, CancellationToken cancellationToken)
    {
        var (lease, job) = await TakeAsync(cancellationToken);
        for (var i = 0; i < pieces.Count; i++)
        {
            var chunk = new ChatCompletionChunk
            {
                Id = job.CompletionId,
                Created = job.Created,
                Model = job.Request.Model!,
                Choices = [new ChunkChoice { Index = 0, Delta = new ChunkDelta { Role = i == 0 ? "assistant" : null, Content = pieces[i] }, FinishReason = i == pieces.Count - 1 ? "stop" : null }],
            };
            await Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.Chunk, lease.Attempt,
                JsonSerializer.SerializeToUtf8Bytes(chunk, LlmJsonContext.Default.ChatCompletionChunk), cancellationToken);
            if (failAfterFirst)
            {
                var error = new OpenAIErrorResponse(new OpenAIError { Message = "upstream broke", Type = "server_error", Code = LlmErrorCodes.ServerError });
                await Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.Error, lease.Attempt,
                    JsonSerializer.SerializeToUtf8Bytes(error, LlmJsonContext.Default.OpenAIErrorResponse), cancellationToken);
                await Queue.FailAsync(lease, new JobError { Message = "upstream broke", Code = LlmErrorCodes.ServerError, Retryable = false }, cancellationToken);
                return;
            }
        }

        await Queue.AppendStreamEventAsync(lease.JobId, JobStreamEventKind.End, lease.Attempt,
            JsonSerializer.SerializeToUtf8Bytes(Usage.Of(20, pieces.Count), LlmJsonContext.Default.Usage), cancellationToken);
        await Queue.CompleteAsync(lease, Encoding.UTF8.GetBytes("{}"), null, cancellationToken);
    }
}
