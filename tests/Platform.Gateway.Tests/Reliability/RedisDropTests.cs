using System.Net;
using Platform.Testing;

namespace Platform.Gateway.Tests.Reliability;

/// <summary>
/// Regression: when Redis went away after the enqueue but before the gateway read the job back for the 202 body,
/// the exception escaped as a 500 (seen in the Redis-restart system test); it is now a 503 with Retry-After. A new
/// job is answered without that read; an idempotent retry (which returns the first job) still reads it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisDropTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task IdempotentRetry_RedisDropsOnReadBack_Returns503WithRetryAfter()
    {
        await using var proxy = new DroppingRedisProxy(Redis.Port, "HGETALL");
        await using var gateway = new GatewayFactory($"127.0.0.1:{proxy.Port},connectTimeout=1000,commandTimeout=2000", "drop" + Guid.NewGuid().ToString("N")[..8]);
        using var client = gateway.CreateClient(GatewayFactory.Key);
        using var before = await SubmitAsync(client, "same-key");
        Assert.Equal(HttpStatusCode.Accepted, before.StatusCode);

        proxy.Arm();
        using var response = await SubmitAsync(client, "same-key");

        Assert.Equal(1, proxy.Dropped);
        await AssertOpenAIErrorAsync(response, 503, "service_unavailable");
        Assert.NotNull(response.Headers.RetryAfter);
        // The connection comes back by itself: the next request is accepted.
        using var after = await SubmitAsync(client, "same-key");
        Assert.Equal(HttpStatusCode.Accepted, after.StatusCode);
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Json(Chat()) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request, Ct);
    }
}
