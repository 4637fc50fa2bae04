using System.Net;
using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class AuthTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    public static TheoryData<string, string> V1Routes => new()
    {
        { "POST", "/v1/chat/completions" },
        { "POST", "/v1/jobs" },
        { "GET", "/v1/jobs/job_123" },
        { "DELETE", "/v1/jobs/job_123" },
        { "GET", "/v1/models" },
        { "GET", "/v1/models/sim-small" },
        { "GET", "/v1/no-such-route" },       // even a route that does not exist answers 401, not 404
        { "POST", "/V1/Chat/Completions" },   // paths are case-insensitive: no way around the check
    };

    [Theory]
    [MemberData(nameof(V1Routes))]
    public async Task V1Route_WithoutKey_Returns401(string method, string path)
    {
        using var client = Gateway.CreateClient(apiKey: null);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(Chat()) }, Ct);

        await AssertOpenAIErrorAsync(response, 401, "missing_api_key");
        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Theory]
    [MemberData(nameof(V1Routes))]
    public async Task V1Route_WithWrongKey_Returns401(string method, string path)
    {
        using var client = Gateway.CreateClient("sk-wrong");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Json(Chat()) }, Ct);

        await AssertOpenAIErrorAsync(response, 401, "invalid_api_key");
    }

    [Theory]
    [InlineData("Basic c2stdGVzdC1hbHBoYQ==")]  // the right key, in the wrong scheme
    [InlineData("Bearer")]                      // no key at all
    [InlineData("Bearer ")]                     // an empty one
    public async Task MalformedAuthorizationHeader_Returns401(string header)
    {
        using var client = Gateway.CreateClient(apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task KeyConfiguredAsSha256_IsAccepted()
    {
        using var client = Gateway.CreateClient(GatewayFactory.OtherTenantKey);

        var response = await client.GetAsync("/v1/models", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ModelNotAllowedForKey_Returns403()
    {
        using var client = Gateway.CreateClient(GatewayFactory.SmallOnlyKey);

        var response = await client.PostAsync("/v1/chat/completions", Json(Chat("sim-large")), Ct);

        var error = await AssertOpenAIErrorAsync(response, 403, "model_not_allowed");
        Assert.Equal("model", error.GetProperty("param").GetString());
    }

    [Fact]
    public async Task Models_ListsOnlyWhatTheKeyMayUse()
    {
        using var all = Gateway.CreateClient(GatewayFactory.Key);
        using var small = Gateway.CreateClient(GatewayFactory.SmallOnlyKey);

        var allModels = await ReadJsonAsync(await all.GetAsync("/v1/models", Ct));
        var smallModels = await ReadJsonAsync(await small.GetAsync("/v1/models", Ct));
        var hidden = await small.GetAsync("/v1/models/sim-large", Ct);

        Assert.Equal("list", allModels.GetProperty("object").GetString());
        Assert.Equal(["sim-small", "sim-large"], allModels.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(["sim-small"], smallModels.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        await AssertOpenAIErrorAsync(hidden, 404, "model_not_found");
    }

    [Fact]
    public async Task HealthAndOpenApi_AreReachableWithoutKey()
    {
        using var client = Gateway.CreateClient(apiKey: null);

        var health = await client.GetAsync("/health", Ct);
        var alive = await client.GetAsync("/alive", Ct);
        var openApi = await client.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        var document = await ReadJsonAsync(openApi);
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/chat/completions", out _));
    }

    [Fact]
    public async Task EveryResponse_CarriesRequestId()
    {
        using var client = Gateway.CreateClient(apiKey: null);
        using var withId = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        withId.Headers.Add("x-request-id", "trace-me-123");
        using var withBadId = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        withBadId.Headers.TryAddWithoutValidation("x-request-id", "<script>");

        var generated = await client.GetAsync("/v1/models", Ct);
        var echoed = await client.SendAsync(withId, Ct);
        var replaced = await client.SendAsync(withBadId, Ct);

        Assert.StartsWith("req_", generated.Headers.GetValues("x-request-id").Single());
        Assert.Equal("trace-me-123", echoed.Headers.GetValues("x-request-id").Single());
        Assert.StartsWith("req_", replaced.Headers.GetValues("x-request-id").Single());
    }
}
