using System.Net;
using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class LimitsTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task RequestsPerMinute_HoldAcrossTwoGatewayReplicas()
    {
        // Two gateways, one Redis: the key's 5 requests per minute are shared, not 5 each.
        var second = NewGateway(Gateway.KeyPrefix);
        using var a = Gateway.CreateClient(GatewayFactory.LimitedKey);
        using var b = second.CreateClient(GatewayFactory.LimitedKey);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 8; i++)
        {
            var response = await (i % 2 == 0 ? a : b).PostAsync("/v1/jobs", Json(Chat()), Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused ??= response;
            }
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Accepted));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var error = await AssertOpenAIErrorAsync(refused!, 429, "rate_limit_exceeded");
        Assert.Equal("requests", error.GetProperty("type").GetString());
        Assert.True(int.Parse(refused!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("true", refused.Headers.GetValues("x-should-retry").Single());
        Assert.Equal(5, (await Worker.Queue.GetStatisticsAsync(Ct)).Added);
    }

    [Fact]
    public async Task Accepted_CarriesRateLimitHeaders()
    {
        using var client = Gateway.CreateClient(GatewayFactory.LimitedKey);

        var response = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);

        Assert.Equal("5", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
        Assert.Equal("4", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        Assert.Equal("100000", response.Headers.GetValues("x-ratelimit-limit-tokens").Single());
    }

    [Fact]
    public async Task TokensPerMinute_RequestLargerThanBudget_Returns429NotRetryable()
    {
        using var client = Gateway.CreateClient(GatewayFactory.LimitedKey);

        var response = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","max_tokens":30000,"n":4""")), Ct);

        var error = await AssertOpenAIErrorAsync(response, 429, "rate_limit_exceeded");
        Assert.Equal("tokens", error.GetProperty("type").GetString());
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Fact]
    public async Task TokensPerMinute_BudgetSpent_Returns429WithRetryAfter()
    {
        using var client = Gateway.CreateClient(GatewayFactory.LimitedKey);

        // 100,000 tokens per minute; each request asks for 32,768 output tokens (plus a little input).
        var first = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","max_tokens":32768""")), Ct);
        var second = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","max_tokens":32768""")), Ct);
        var third = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","max_tokens":32768""")), Ct);
        var fourth = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","max_tokens":32768""")), Ct);

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        var error = await AssertOpenAIErrorAsync(fourth, 429, "rate_limit_exceeded");
        Assert.Equal("tokens", error.GetProperty("type").GetString());
        Assert.True(fourth.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Backpressure_QueueTooDeep_Returns503WithRetryAfter()
    {
        var gateway = NewGateway(Gateway.KeyPrefix, new Dictionary<string, string?> { ["Gateway:MaxQueueBacklog"] = "3" });
        using var client = gateway.CreateClient(GatewayFactory.Key);

        var accepted = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            accepted.Add((await client.PostAsync("/v1/jobs", Json(Chat()), Ct)).StatusCode);
        }

        var shed = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);
        var shedChat = await client.PostAsync("/v1/chat/completions", Json(Chat()), Ct);

        Assert.All(accepted, s => Assert.Equal(HttpStatusCode.Accepted, s));
        await AssertOpenAIErrorAsync(shed, 503, "queue_full");
        await AssertOpenAIErrorAsync(shedChat, 503, "queue_full");
        Assert.Equal("5", shed.Headers.GetValues("Retry-After").Single());
        Assert.Equal(3, (await Worker.Queue.GetStatisticsAsync(Ct)).Added);

        // Once workers drain the queue, requests are accepted again.
        await Worker.TakeAsync(Ct);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/v1/jobs", Json(Chat()), Ct)).StatusCode);
    }

    [Fact]
    public async Task RedisUnreachable_Returns503NotHang()
    {
        await using var gateway = new GatewayFactory("127.0.0.1:1,connectTimeout=200,commandTimeout=500,abortConnect=false", "down", null);
        using var client = gateway.CreateClient(GatewayFactory.Key);

        var response = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);
        var health = await client.GetAsync("/health", Ct);

        await AssertOpenAIErrorAsync(response, 503, "service_unavailable");
        Assert.True(response.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }
}
