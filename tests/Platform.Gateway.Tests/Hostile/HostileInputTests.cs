using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Testing;

namespace Platform.Gateway.Tests.Hostile;

/// <summary>
/// The hostile-input corpus against the gateway in process: every case gets its 4xx with an OpenAI error object
/// (the code the case names, the parameter at fault), nothing reaches a 5xx, and the gateway still serves a
/// valid request and reports healthy afterwards.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class HostileInputTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    private const int MaxBodyBytes = 64 * 1024;

    public static TheoryData<string> Categories => [.. HostileCorpus.Categories];

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // A smaller limit than the default keeps the huge bodies quick; the limit's handling is the same.
        ["Gateway:MaxRequestBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public void Corpus_HasAtLeast200Cases()
    {
        var cases = HostileCorpus.Categories.SelectMany(c => HostileCorpus.For(c, MaxBodyBytes)).ToList();

        Assert.True(cases.Count >= 200, $"the corpus has {cases.Count} cases");
        Assert.All(HostileCorpus.Categories, c => Assert.True(HostileCorpus.For(c, MaxBodyBytes).Count >= 10, c));
    }

    [Theory]
    [MemberData(nameof(Categories))]
    public async Task Corpus_EachCaseGetsItsOpenAIError_GatewayStaysHealthy(string category)
    {
        using var client = Gateway.CreateClient(apiKey: null);
        var failures = new List<string>();

        foreach (var hostile in HostileCorpus.For(category, MaxBodyBytes))
        {
            using var request = Build(hostile);
            using var response = await client.SendAsync(request, Ct);
            var failure = await CheckAsync(hostile, response);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} case(s) answered wrongly:\n" + string.Join('\n', failures));
        using var health = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var valid = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Json(Chat()) };
        valid.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFactory.Key);
        using var accepted = await client.SendAsync(valid, Ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static HttpRequestMessage Build(HostileCase hostile)
    {
        var request = new HttpRequestMessage(new HttpMethod(hostile.Method), hostile.Path);
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(hostile.ContentType);
            }
        }

        if (hostile.Key == KeyUse.Valid)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayFactory.Key);
        }

        foreach (var (name, value) in hostile.Headers)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"{hostile}: header {name} not added");
        }

        return request;
    }

    /// <summary>Null when the answer is right, else what was wrong.</summary>
    private static async Task<string?> CheckAsync(HostileCase hostile, HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        var shown = text.Length > 300 ? text[..300] : text;
        if ((int)response.StatusCode != hostile.ExpectedStatus)
        {
            return $"{hostile}: {(int)response.StatusCode} instead of {hostile.ExpectedStatus}: {shown}";
        }

        JsonElement error;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("error", out var found) || found.ValueKind != JsonValueKind.Object)
            {
                return $"{hostile}: no OpenAI error object: {shown}";
            }

            error = found.Clone();
        }
        catch (JsonException)
        {
            return $"{hostile}: body is not JSON: {shown}";
        }

        if (!error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String
            || !error.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !error.TryGetProperty("param", out var param))
        {
            return $"{hostile}: incomplete error object: {shown}";
        }

        if (hostile.ExpectedCode is { } code && (!error.TryGetProperty("code", out var actual) || actual.GetString() != code))
        {
            return $"{hostile}: code is not {code}: {shown}";
        }

        if (hostile.ExpectedParam is { } expectedParam && (param.ValueKind != JsonValueKind.String || param.GetString() != expectedParam))
        {
            return $"{hostile}: param is not {expectedParam}: {shown}";
        }

        return null;
    }
}
