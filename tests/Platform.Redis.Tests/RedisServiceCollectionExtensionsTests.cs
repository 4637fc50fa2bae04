using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisServiceCollectionExtensionsTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddRedisConnection_ConnectionStringSet_ResolvesWorkingSingleton()
    {
        await using var provider = Build(new() { ["ConnectionStrings:redis"] = redis.ConnectionString });

        var connection = provider.GetRequiredService<RedisConnection>();

        Assert.Same(connection, provider.GetRequiredService<RedisConnection>());
        Assert.Equal("PONG", (await connection.ExecuteAsync("PING", [], Ct)).ToString());
    }

    [Fact]
    public async Task AddRedisConnection_ConnectionStringMissing_ThrowsNamingTheSetting()
    {
        await using var provider = Build(new() { ["ConnectionStrings:other"] = "x" });

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<RedisConnection>());

        Assert.Contains("ConnectionStrings:redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRedisConnection_ServerDown_ResolvesWithoutThrowing()
    {
        await using var provider = Build(new() { ["ConnectionStrings:cache"] = "127.0.0.1:1,abortConnect=true" }, "cache");

        var connection = provider.GetRequiredService<RedisConnection>();

        Assert.False(connection.IsConnected);
        Assert.False(connection.Options.AbortOnConnectFail);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, string name = "redis")
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddRedisConnection(name);
        return services.BuildServiceProvider();
    }
}
