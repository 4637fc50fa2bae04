using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class ValidationTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    private const string User = """{"role":"user","content":"hi"}""";

    public static TheoryData<string, string?, string> InvalidBodies => new()
    {
        // body, expected param, expected code
        { "{not json", null, "invalid_json" },                                                        // malformed JSON
        { "", null, "invalid_json" },                                                                 // empty body
        { "[1,2,3]", null, "" },                                                                      // not an object
        { $$"""{"messages":[{{User}}]}""", "model", "missing_required_parameter" },                   // no model
        { $$"""{"model":42,"messages":[{{User}}]}""", "model", "invalid_type" },                      // model not a string
        { """{"model":"sim-small"}""", "messages", "missing_required_parameter" },                    // no messages
        { """{"model":"sim-small","messages":[]}""", "messages", "empty_array" },                     // empty messages
        { """{"model":"sim-small","messages":"hi"}""", "messages", "invalid_type" },                  // messages not an array
        { """{"model":"sim-small","messages":[42]}""", "messages[0]", "invalid_type" },               // message not an object
        { """{"model":"sim-small","messages":[{"content":"hi"}]}""", "messages[0].role", "missing_required_parameter" },
        { """{"model":"sim-small","messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role", "invalid_value" },
        { """{"model":"sim-small","messages":[{"role":7,"content":"hi"}]}""", "messages[0].role", "invalid_type" },
        { """{"model":"sim-small","messages":[{"role":"user"}]}""", "messages[0].content", "missing_required_parameter" },
        { """{"model":"sim-small","messages":[{"role":"user","content":12}]}""", "messages[0].content", "invalid_type" },
        { """{"model":"sim-small","messages":[{"role":"user","content":[{"text":"x"}]}]}""", "messages[0].content[0].type", "missing_required_parameter" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"temperature":2.5}""", "temperature", "decimal_above_max_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"temperature":-0.1}""", "temperature", "decimal_below_min_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"temperature":"hot"}""", "temperature", "invalid_type" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"top_p":1.5}""", "top_p", "decimal_above_max_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"max_tokens":0}""", "max_tokens", "decimal_below_min_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"max_tokens":1.5}""", "max_tokens", "invalid_type" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"max_tokens":99999999}""", "max_tokens", "decimal_above_max_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"n":0}""", "n", "decimal_below_min_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"n":9}""", "n", "decimal_above_max_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"stream":"yes"}""", "stream", "invalid_type" },
        { $$$"""{"model":"sim-small","messages":[{{{User}}}],"stream_options":{"include_usage":true}}""", "stream_options", "invalid_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"stop":["a","b","c","d","e"]}""", "stop", "array_above_max_length" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"stop":5}""", "stop", "invalid_type" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"presence_penalty":3}""", "presence_penalty", "decimal_above_max_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"priority":"urgent"}""", "priority", "invalid_value" },
        { $$"""{"model":"sim-small","messages":[{{User}}],"seed":"x"}""", "seed", "invalid_type" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task ChatCompletions_InvalidBody_Returns400NamingTheParameter(string body, string? param, string code)
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var response = await client.PostAsync("/v1/chat/completions", Json(body), Ct);

        var error = await AssertOpenAIErrorAsync(response, 400);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        if (code.Length > 0)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        Assert.Equal("false", response.Headers.GetValues("x-should-retry").Single());
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Jobs_InvalidBody_Returns400(string body, string? param, string code)
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var response = await client.PostAsync("/v1/jobs", Json(body), Ct);

        var error = await AssertOpenAIErrorAsync(response, 400);
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.True(code.Length == 0 || code == error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task BodyOverLimit_Returns413()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var huge = Chat(extra: $$""","user":"{{new string('x', 200)}}","metadata":"{{new string('y', 1024 * 1024)}}" """);

        var response = await client.PostAsync("/v1/chat/completions", Json(huge), Ct);

        await AssertOpenAIErrorAsync(response, 413, "request_too_large");
    }

    [Fact]
    public async Task DeeplyNestedBody_Returns400()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var nested = Chat(extra: $$""","tools":{{new string('[', 500)}}{{new string(']', 500)}}""");

        var response = await client.PostAsync("/v1/chat/completions", Json(nested), Ct);

        await AssertOpenAIErrorAsync(response, 400, "invalid_json");
    }

    [Fact]
    public async Task InvalidUtf8_Returns400()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var content = new ByteArrayContent([.. System.Text.Encoding.UTF8.GetBytes("""{"model":"sim-small","messages":[{"role":"user","content":" """), 0xFF, 0xFE, .. System.Text.Encoding.UTF8.GetBytes("\"}]}")]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/v1/chat/completions", content, Ct);

        await AssertOpenAIErrorAsync(response, 400, "invalid_json");
    }

    [Fact]
    public async Task UnknownModel_Returns404()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var response = await client.PostAsync("/v1/chat/completions", Json(Chat("gpt-unknown")), Ct);

        await AssertOpenAIErrorAsync(response, 404, "model_not_found");
    }

    [Fact]
    public async Task InvalidPriorityHeader_Returns400()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Json(Chat()) };
        request.Headers.Add("x-priority", "vip");

        var response = await client.SendAsync(request, Ct);

        await AssertOpenAIErrorAsync(response, 400, "invalid_value");
    }
}
