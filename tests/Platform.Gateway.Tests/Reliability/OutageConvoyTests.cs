using System.Diagnostics;
using Platform.Testing;

namespace Platform.Gateway.Tests.Reliability;

/// <summary>
/// Regression: with Redis down, concurrent requests queued one behind the other for the backlog reading, each
/// waiting out its own command timeout, so the n-th request answered after n timeouts (18 s in the Redis-restart
/// soak). They now share one reading and fail together: every one gets its 503 after about one timeout.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OutageConvoyTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    private const int Concurrent = 16;

    /// <summary>Far below the convoy's 16 command timeouts (16 s), with room for a busy machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task RedisDown_ConcurrentRequests_AllAnswer503WithinAFewTimeouts()
    {
        // Nothing listens on port 1: every command waits for a connection until its 1 s timeout.
        await using var gateway = new GatewayFactory("127.0.0.1:1,connectTimeout=200,commandTimeout=1000,abortConnect=false", "down" + Guid.NewGuid().ToString("N")[..8]);
        using var client = gateway.CreateClient(GatewayFactory.Key);
        using var warmUp = await client.GetAsync("/v1/models", Ct);

        var answers = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async _ =>
        {
            var started = Stopwatch.GetTimestamp();
            var response = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);
            return (Response: response, Took: Stopwatch.GetElapsedTime(started));
        }));

        foreach (var (response, _) in answers)
        {
            await AssertOpenAIErrorAsync(response, 503, "service_unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            response.Dispose();
        }

        var slowest = answers.Max(a => a.Took);
        Assert.True(slowest < Bound, $"the slowest of {Concurrent} concurrent requests took {slowest}: they queued behind each other");
    }

    [Fact]
    public async Task RedisDown_ReadAndCancelJob_Answer503WithRetryAfter()
    {
        await using var gateway = new GatewayFactory("127.0.0.1:1,connectTimeout=200,commandTimeout=1000,abortConnect=false", "down" + Guid.NewGuid().ToString("N")[..8]);
        using var client = gateway.CreateClient(GatewayFactory.Key);

        using var read = await client.GetAsync("/v1/jobs/job_0123456789", Ct);
        using var cancel = await client.DeleteAsync("/v1/jobs/job_0123456789", Ct);

        foreach (var response in new[] { read, cancel })
        {
            await AssertOpenAIErrorAsync(response, 503, "service_unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
        }
    }
}
