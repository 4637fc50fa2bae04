using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Platform.Redis;
using Platform.Testing;

namespace Platform.Gateway.Tests;

/// <summary>A gateway and a fake worker on a key prefix of their own, created per test.</summary>
public abstract class GatewayTestBase(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _disposables = [];

    internal RedisServerFixture Redis => redis;

    internal GatewayFactory Gateway { get; private set; } = null!;

    internal FakeWorker Worker { get; private set; } = null!;

    internal RedisConnection Connection { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public virtual async ValueTask InitializeAsync()
    {
        var prefix = "g" + Guid.NewGuid().ToString("N")[..10];
        Connection = await redis.ConnectAsync();
        Gateway = NewGateway(prefix, Settings);
        Worker = new FakeWorker(Connection, prefix);
    }

    internal GatewayFactory NewGateway(string prefix, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var factory = new GatewayFactory(redis.ConnectionString, prefix, settings);
        _disposables.Add(factory);
        return factory;
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            await disposable.DisposeAsync();
        }

        await Connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static string Chat(string model = "sim-small", string extra = "") =>
        $$"""{"model":"{{model}}","messages":[{"role":"user","content":"Say hello"}]{{extra}}}""";

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>(Ct);

    /// <summary>Asserts an OpenAI error object and returns it.</summary>
    protected static async Task<JsonElement> AssertOpenAIErrorAsync(HttpResponseMessage response, int status, string? code = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        var body = await ReadJsonAsync(response);
        var error = body.GetProperty("error");
        Assert.Equal(JsonValueKind.String, error.GetProperty("message").ValueKind);
        Assert.Equal(JsonValueKind.String, error.GetProperty("type").ValueKind);
        Assert.True(error.TryGetProperty("param", out _));
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }

        return error;
    }
}
