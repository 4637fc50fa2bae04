using Platform.Testing;

namespace Platform.Redis.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisConnectionTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_ThousandConcurrentCallers_EachGetsOwnReply()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var prefix = Guid.NewGuid().ToString("N");

        var values = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(async () =>
        {
            await connection.ExecuteAsync("SET", [$"{prefix}:k{i}", $"v{i}"], Ct);
            return (await connection.ExecuteAsync("GET", [$"{prefix}:k{i}"], Ct)).ToString();
        }, Ct)));

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"v{i}"), values);
    }

    [Fact]
    public async Task ExecuteAsync_BlockingReadOutstanding_OtherCommandsStillComplete()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var list = "list:" + Guid.NewGuid().ToString("N");
        var stream = "stream:" + Guid.NewGuid().ToString("N");
        await connection.ExecuteAsync("XGROUP", ["CREATE", stream, "g", "$", "MKSTREAM"], Ct);

        var blpop = connection.ExecuteAsync("BLPOP", [list, 2], Ct);
        var xreadgroup = connection.ExecuteAsync("XREADGROUP", ["GROUP", "g", "c", "BLOCK", 2000, "STREAMS", stream, ">"], Ct);
        var pong = await connection.ExecuteAsync("PING", [], Ct);
        var length = await connection.ExecuteAsync("LPUSH", [list, "item"], Ct);
        var id = await connection.ExecuteAsync("XADD", [stream, "*", "f", "v"], Ct);

        // The multiplexed commands completed while both blocking reads were still waiting (their data came from those commands).
        Assert.Equal("PONG", pong.ToString());
        Assert.Equal(1, length.AsInt64());
        Assert.Equal(["item"], (await blpop).AsStringArray().Skip(1));
        var entries = (await xreadgroup).AsArray()[0].AsArray()[1].AsArray();
        Assert.Equal(id.ToString(), entries[0].AsArray()[0].ToString());
    }

    [Fact]
    public async Task ExecuteAsync_BlockingReadCancelled_ThrowsPromptlyAndConnectionStaysUsable()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var list = "list:" + Guid.NewGuid().ToString("N");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        // BLPOP with timeout 0 blocks forever: only the cancellation can end it.
        var blocked = connection.ExecuteAsync("BLPOP", [list, 0], cancel.Token);
        Assert.Equal("PONG", (await connection.ExecuteAsync("PING", [], Ct)).ToString());
        Assert.False(blocked.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await connection.ExecuteAsync("RPUSH", [list, "a"], Ct);
        var popped = await connection.ExecuteAsync("BLPOP", [list, 1], Ct);
        Assert.Equal([list, "a"], popped.AsStringArray());
    }

    [Fact]
    public async Task ExecuteAsync_BlockingReadTimesOut_ReturnsNullAfterBlockTime()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);

        var result = await connection.ExecuteAsync("BLPOP", ["list:" + Guid.NewGuid().ToString("N"), 0.1], Ct);

        Assert.True(result.IsNull);
    }

    [Fact]
    public async Task ExecuteAsync_WrongType_ThrowsServerExceptionWithPrefix()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var key = "list:" + Guid.NewGuid().ToString("N");
        await connection.ExecuteAsync("LPUSH", [key, "x"], Ct);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => connection.ExecuteAsync("GET", [key], Ct));

        Assert.Equal("WRONGTYPE", error.Prefix);
        Assert.Contains("wrong kind of value", error.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", (await connection.ExecuteAsync("PING", [], Ct)).ToString());
    }

    [Fact]
    public async Task ScriptEvaluateAsync_AfterScriptFlush_FallsBackToEval()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var script = new LuaScript("return redis.call('INCRBY', KEYS[1], ARGV[1])");
        var key = "counter:" + Guid.NewGuid().ToString("N");
        Assert.Equal(2, (await connection.ScriptEvaluateAsync(script, [key], [2], Ct)).AsInt64());

        await connection.ExecuteAsync("SCRIPT FLUSH", [], Ct);
        var afterFlush = await connection.ScriptEvaluateAsync(script, [key], [3], Ct);

        Assert.Equal(5, afterFlush.AsInt64());
        Assert.Equal(1, (await connection.ExecuteAsync("SCRIPT", ["EXISTS", script.Sha1], Ct)).AsArray()[0].AsInt64());
    }

    [Fact]
    public async Task ConnectAsync_DefaultDatabase_SelectsIt()
    {
        await using var db3 = await redis.ConnectAsync(o => o.DefaultDatabase = 3, Ct);
        await using var db0 = await redis.ConnectAsync(cancellationToken: Ct);
        var key = "db:" + Guid.NewGuid().ToString("N");

        await db3.StringSetAsync(key, "three", cancellationToken: Ct);

        Assert.Equal("three", await db3.StringGetAsync(key, Ct));
        Assert.Null(await db0.StringGetAsync(key, Ct));
        Assert.Contains("db=3", (await db3.ExecuteAsync("CLIENT", ["INFO"], Ct)).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_AllByteValuesAndCrlf_RoundTripsBinarySafe()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).Concat("\r\n$3\r\n*1\r\n"u8.ToArray()).ToArray();
        var key = "bin:" + Guid.NewGuid().ToString("N");

        await connection.ExecuteAsync("SET", [key, value], Ct);
        var read = await connection.ExecuteAsync("GET", [key], Ct);

        Assert.Equal(value, read.AsBytes());
    }

    [Fact]
    public async Task ExecuteAsync_ClientName_IsSetByHandshake()
    {
        await using var connection = await redis.ConnectAsync(o => o.ClientName = "platform-test", Ct);

        var name = await connection.ExecuteAsync("CLIENT", ["GETNAME"], Ct);

        Assert.Equal("platform-test", name.ToString());
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_DoesNotDisturbLaterReplies()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var cancelled = connection.ExecuteAsync("PING", [], cancel.Token);
        var echo = await connection.ExecuteAsync("ECHO", ["after"], Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal("after", echo.ToString());
    }

    [Fact]
    public async Task ExecuteAsync_ManyCallersSomeCancelled_NoCallerGetsAnotherCallersReply()
    {
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var random = new Random(1234);
        // 0: cancelled at once; 1-3: cancelled after that many ms, racing the reply; 4: never cancelled.
        var cancelAfter = Enumerable.Range(0, 2000).Select(_ => random.Next(0, 5)).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => Task.Run(async () =>
        {
            using var cancel = cancelAfter[i] is 0 or 4 ? new CancellationTokenSource() : new CancellationTokenSource(cancelAfter[i]);
            if (cancelAfter[i] == 0)
            {
                await cancel.CancelAsync();
            }

            try
            {
                return (await connection.ExecuteAsync("ECHO", [$"r{i}"], cancel.Token)).ToString() == $"r{i}" ? "own" : "other";
            }
            catch (OperationCanceledException)
            {
                return "cancelled";
            }
        }, Ct)));

        Assert.DoesNotContain("other", outcomes);
        // However loaded the machine, a caller that is never cancelled gets its own reply.
        Assert.All(Enumerable.Range(0, 2000).Where(i => cancelAfter[i] == 4), i => Assert.Equal("own", outcomes[i]));
        Assert.Equal("final", (await connection.ExecuteAsync("ECHO", ["final"], Ct)).ToString());
    }
}
