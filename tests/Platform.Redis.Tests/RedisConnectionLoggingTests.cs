using Microsoft.Extensions.Logging;
using Platform.Testing;

namespace Platform.Redis.Tests;

public sealed class RedisConnectionLoggingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectAsync_WrongPasswordInBackground_LogsFailuresWithoutThePassword()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", "right"], Ct);
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));

        await using var connection = await RedisConnection.ConnectAsync($"127.0.0.1:{redis.Port},password=Sup3rSecretValue,abortConnect=false", factory, Ct);
        // The background connect attempt fails first (however long a loaded machine takes to get there)...
        for (var i = 0; i < 200 && !logs.Lines.Any(line => line.Contains("authentication failed", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50, Ct);
        }

        // ...then a command waiting for the connection times out, explaining why.
        var error = await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.ExecuteAsync("PING", [], TimeSpan.FromMilliseconds(300), Ct));

        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal); // the last connect error explains the wait
        Assert.Contains(logs.Lines, line => line.Contains("authentication failed", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Sup3rSecretValue", StringComparison.Ordinal));
        Assert.DoesNotContain("Sup3rSecretValue", connection.Options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ServerKilledAndRestarted_LogsLossAndRestore()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var connection = await RedisConnection.ConnectAsync(redis.ConnectionString, factory, Ct);

        await redis.KillAsync();
        await redis.StartAsync(Ct);
        await connection.ExecuteAsync("PING", [], TimeSpan.FromSeconds(20), Ct);

        Assert.Contains(logs.Lines, line => line.Contains("Lost connection to Redis", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, line => line.Contains("restored", StringComparison.Ordinal));
    }
}
