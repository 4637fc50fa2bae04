using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Platform.Redis;
using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class ExceptionMiddlewareTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task TransientRedisErrorOutsideEndpointHandling_Returns503WithRetryAfter()
    {
        // A restarted Redis answers -LOADING while it reads its append-only file: that is "retry later", not a 500.
        using var client = WithTime(new ThrowingTime(new RedisServerException("LOADING Redis is loading the dataset in memory")));

        var response = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);

        await AssertOpenAIErrorAsync(response, 503, "service_unavailable");
        Assert.True(response.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task UnexpectedException_Returns500AsOpenAIErrorNamingTheRequestId()
    {
        using var client = WithTime(new ThrowingTime(new InvalidOperationException("boom")));

        var response = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);

        var error = await AssertOpenAIErrorAsync(response, 500, "internal_error");
        Assert.Contains(response.Headers.GetValues("x-request-id").Single(), error.GetProperty("message").GetString());
        Assert.DoesNotContain("boom", error.GetProperty("message").GetString());
    }

    private HttpClient WithTime(TimeProvider time)
    {
        var factory = Gateway.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(time)));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFactory.Key);
        return client;
    }

    /// <summary>Fails where the gateway stamps a new job's creation time, after every check passed.</summary>
    private sealed class ThrowingTime(Exception exception) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => throw exception;
    }
}
