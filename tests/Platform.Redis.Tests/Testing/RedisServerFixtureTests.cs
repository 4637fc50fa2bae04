using Platform.Testing;

namespace Platform.Redis.Tests.Testing;

public sealed class RedisServerFixtureTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StopAsyncThenStartAsync_SamePortAndDirectory_AofDataSurvives()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        var port = redis.Port;
        await using (var connection = await redis.ConnectAsync(cancellationToken: Ct))
        {
            await connection.StringSetAsync("durable", "yes", cancellationToken: Ct);
        }

        await redis.StopAsync();
        Assert.Null(redis.ProcessId);
        await redis.StartAsync(Ct);

        Assert.Equal(port, redis.Port);
        await using var reconnected = await redis.ConnectAsync(cancellationToken: Ct);
        Assert.Equal("yes", await reconnected.StringGetAsync("durable", Ct));
    }

    [Fact]
    public async Task DisposeAsync_RunningServer_StopsProcessAndDeletesDirectory()
    {
        var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        var pid = redis.ProcessId!.Value;
        await using (var connection = await redis.ConnectAsync(cancellationToken: Ct))
        {
            await connection.StringSetAsync("k", "v", cancellationToken: Ct);
            await redis.FlushAllAsync(Ct);
            Assert.Null(await connection.StringGetAsync("k", Ct));
        }

        await redis.DisposeAsync();

        Assert.False(Directory.Exists(redis.DataDirectory));
        Assert.False(IsRunning(pid));
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
