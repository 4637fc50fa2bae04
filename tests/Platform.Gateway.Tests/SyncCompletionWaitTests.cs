using System.Net;
using Platform.Testing;

namespace Platform.Gateway.Tests;

/// <summary>
/// Synchronous completions wait through the queue's one shared completion subscription: concurrent requests add
/// no SUBSCRIBE of their own (a per-request SUBSCRIBE/UNSUBSCRIBE was two of five round trips per call).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SyncCompletionWaitTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task ConcurrentSyncCompletions_ShareOneSubscription_AndEachGetsItsOwnAnswer()
    {
        const int Requests = 5;
        var prefix = Worker.Queue.QueueName[..^":jobs".Length];
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var calls = Enumerable.Range(0, Requests)
            .Select(_ => client.PostAsync("/v1/chat/completions", Json(Chat()), Ct))
            .ToArray();
        await Eventually.HoldsAsync(
            async () => await CountAsync("NUMSUB", $"{prefix}:completed") == 1 && (await Worker.Queue.GetStatisticsAsync(Ct)).Added == Requests,
            "one subscription to the completion channel and every job queued",
            TimeSpan.FromSeconds(15),
            Ct);
        var perJobChannels = await CountAsync("CHANNELS", $"{prefix}:job:*");
        var answered = new Dictionary<string, string>();
        for (var i = 0; i < Requests; i++)
        {
            var job = await Worker.CompleteNextAsync($"answer {i}", Ct);
            answered[job.CompletionId] = $"answer {i}";
        }

        var responses = await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(0, perJobChannels);
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await ReadJsonAsync(response);
            var id = body.GetProperty("id").GetString()!;
            Assert.Equal(answered[id], body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        }

        Assert.Equal(1, await CountAsync("NUMSUB", $"{prefix}:completed"));
    }

    /// <summary>PUBSUB NUMSUB (subscribers of one channel) or PUBSUB CHANNELS (active channels matching a pattern).</summary>
    private async Task<long> CountAsync(string subcommand, string channel)
    {
        var reply = (await Connection.ExecuteAsync("PUBSUB", [subcommand, channel], Ct)).AsArray();
        return subcommand == "NUMSUB" ? reply[1].AsInt64() : reply.Count;
    }
}
