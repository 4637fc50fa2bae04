using Platform.Testing;

namespace Platform.Gateway.Tests.Hostile;

/// <summary>
/// Regression: routing's own 404 and 405 under <c>/v1</c> came back with an empty body, which the OpenAI SDKs
/// cannot parse; they now carry an OpenAI error object, as OpenAI's "Invalid URL" answer does.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class UnknownRouteTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Theory]
    [InlineData("GET", "/v1/embeddings", 404, "unknown_url")]          // a route the gateway does not have
    [InlineData("GET", "/v1/chat/completions", 405, "method_not_allowed")] // a route, with the wrong method
    [InlineData("PUT", "/v1/jobs/job_1", 405, "method_not_allowed")]
    public async Task UnknownV1RouteWithKey_AnswersOpenAIError(string method, string path, int status, string code)
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        var error = await AssertOpenAIErrorAsync(response, status, code);
        Assert.Equal($"Invalid URL ({method} {path})", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task UnknownRouteOutsideV1_StaysPlain404()
    {
        using var client = Gateway.CreateClient(apiKey: null);

        using var response = await client.GetAsync("/nothing-here", Ct);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
    }
}
