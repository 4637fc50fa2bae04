using Platform.Testing;

namespace Platform.Redis.Tests;

/// <summary>Tests that need their own server because they kill, restart or slow it down.</summary>
public sealed class RedisConnectionRecoveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_TimedOutCommand_LaterRepliesStayInOrder()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--enable-debug-command", "yes"], Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);

        // DEBUG SLEEP holds the server; the caller gives up after 100 ms, but the command keeps its slot.
        var slow = connection.ExecuteAsync("DEBUG", ["SLEEP", "0.5"], TimeSpan.FromMilliseconds(100), Ct);
        var queued = Enumerable.Range(0, 20).Select(i => connection.ExecuteAsync("ECHO", [$"m{i}"], Ct)).ToArray();

        await Assert.ThrowsAsync<RedisTimeoutException>(() => slow);
        var echoes = await Task.WhenAll(queued);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"m{i}"), echoes.Select(e => e.ToString()));
        Assert.Equal("last", (await connection.ExecuteAsync("ECHO", ["last"], Ct)).ToString());
    }

    [Fact]
    public async Task ExecuteAsync_BlockingPopCancelledAsAPushArrives_DeliversTheElementExactlyOnce()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--enable-debug-command", "yes"], Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        await using var sleeper = await redis.ConnectAsync(cancellationToken: Ct);
        await using var pusher = await redis.ConnectAsync(cancellationToken: Ct);

        // Each round: a BLPOP blocks; while DEBUG SLEEP holds the server, another client pushes and the caller cancels
        // the BLPOP, in one order or the other, so that both reach the server in the same event-loop pass. When the
        // push comes first the server hands the element to the BLPOP before it learns of the cancellation; a client
        // that cancels by closing the socket throws that reply away, and the element is gone. It must end up exactly
        // once: returned by the cancelled BLPOP (served first) or still in the list (unblocked first).
        for (var round = 0; round < 6; round++)
        {
            var pushFirst = round % 2 == 0;
            var list = $"race:{round}";
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var blocked = connection.ExecuteAsync("BLPOP", [list, 0], cancel.Token);
            await Eventually.HoldsAsync(
                async () => (await connection.ExecuteAsync("CLIENT", ["LIST"], Ct)).ToString()!.Contains("cmd=blpop", StringComparison.Ordinal),
                "the BLPOP blocked on the server",
                cancellationToken: Ct);

            var sleeping = sleeper.ExecuteAsync("DEBUG", ["SLEEP", "0.3"], Ct);
            await Task.Delay(50, Ct);
            Task<RedisResult> pushed;
            if (pushFirst)
            {
                pushed = pusher.ExecuteAsync("RPUSH", [list, "element"], Ct);
                await Task.Delay(20, Ct);
                await cancel.CancelAsync();
            }
            else
            {
                await cancel.CancelAsync();
                await Task.Delay(20, Ct);
                pushed = pusher.ExecuteAsync("RPUSH", [list, "element"], Ct);
            }

            string? popped = null;
            try
            {
                popped = (await blocked.WaitAsync(TimeSpan.FromSeconds(10), Ct)).AsStringArray()[1];
            }
            catch (OperationCanceledException)
            {
                // Unblocked before the push was served: the element stays in the list.
            }

            await sleeping;
            Assert.Equal(1L, (await pushed).AsInt64());
            var left = (await connection.ExecuteAsync("LRANGE", [list, 0, -1], Ct)).AsStringArray();
            Assert.Equal(["element"], popped is null ? left : [popped, .. left]);
        }

        // Cancelled BLPOPs that were unblocked cleanly leave their socket usable: a blocking read still works.
        await connection.ExecuteAsync("RPUSH", ["after", "x"], Ct);
        Assert.Equal(["after", "x"], (await connection.ExecuteAsync("BLPOP", ["after", 1], Ct)).AsStringArray());
    }

    [Fact]
    public async Task ExecuteAsync_BlockingReadCancelledForUserWithoutClientCommand_ClosesItsConnectionAndCancels()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        await using (var admin = await redis.ConnectAsync(cancellationToken: Ct))
        {
            // A least-privilege application user: lists only, no CLIENT (so no CLIENT ID and no CLIENT UNBLOCK).
            await admin.ExecuteAsync("ACL", ["SETUSER", "app", "on", ">app-pass", "~*", "+@list", "+ping", "+info", "-client"], Ct);
        }

        await using var connection = await RedisConnection.ConnectAsync($"127.0.0.1:{redis.Port},user=app,password=app-pass", cancellationToken: Ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var blocked = connection.ExecuteAsync("BLPOP", ["acl-list", 0], cancel.Token);
        Assert.Equal("PONG", (await connection.ExecuteAsync("PING", [], Ct)).ToString());
        await cancel.CancelAsync();

        // The client cannot be unblocked by id, so its connection is closed: the cancellation still ends the call.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        await connection.ExecuteAsync("RPUSH", ["acl-list", "a"], Ct);
        Assert.Equal(["acl-list", "a"], (await connection.ExecuteAsync("BLPOP", ["acl-list", 1], Ct)).AsStringArray());
    }

    [Fact]
    public async Task ExecuteAsync_ServerKilledAndRestarted_FailsInFlightThenRecovers()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--enable-debug-command", "yes"], Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionFailed += (_, _) => failed.TrySetResult();
        connection.ConnectionRestored += (_, _) => restored.TrySetResult();
        await connection.StringSetAsync("before", "1", cancellationToken: Ct);

        var inFlight = connection.ExecuteAsync("DEBUG", ["SLEEP", "5"], Ct);
        // The server is busy with DEBUG SLEEP (a PING behind it times out), so DEBUG is in flight when the server dies.
        await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.ExecuteAsync("PING", [], TimeSpan.FromMilliseconds(200), Ct));
        await redis.KillAsync();

        var lost = await Assert.ThrowsAsync<RedisConnectionException>(() => inFlight.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Contains("DEBUG", lost.Message, StringComparison.Ordinal);
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(connection.IsConnected);

        // While the server is down a command waits for the connection up to its timeout, then fails clearly.
        var down = await Assert.ThrowsAsync<RedisTimeoutException>(() => connection.ExecuteAsync("GET", ["before"], TimeSpan.FromMilliseconds(200), Ct));
        Assert.Contains("waiting for a connection", down.Message, StringComparison.Ordinal);

        // A command issued while down completes once the server is back, on the same connection object.
        var waiting = connection.ExecuteAsync("SET", ["after", "2"], TimeSpan.FromSeconds(30), Ct);
        await redis.StartAsync(Ct);
        await waiting;
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.True(connection.IsConnected);
        Assert.Equal("2", await connection.StringGetAsync("after", Ct));
    }

    [Fact]
    public async Task ConnectAsync_ServerStillLoadingItsData_WaitsUntilLoadedBeforeRunningCommands()
    {
        // key-load-delay (a Redis debugging setting, in microseconds per key) makes loading 20,000 keys take about a
        // second, and processing events every 1 KiB lets the loading server answer -LOADING meanwhile.
        await using var redis = await RedisServerFixture.StartNewAsync(
            ["--enable-debug-command", "yes", "--key-load-delay", "50", "--loading-process-events-interval-bytes", "1024"], Ct);
        await using (var setup = await redis.ConnectAsync(cancellationToken: Ct))
        {
            // DEBUG POPULATE is not written to the AOF; rewriting the AOF puts the keys in it.
            await setup.ExecuteAsync("DEBUG", ["POPULATE", "20000"], Ct);
            await setup.ExecuteAsync("BGREWRITEAOF", [], Ct);
            while ((await setup.ExecuteAsync("INFO", ["persistence"], Ct)).ToString() is { } info
                   && (info.Contains("aof_rewrite_in_progress:1", StringComparison.Ordinal) || info.Contains("aof_rewrite_scheduled:1", StringComparison.Ordinal)))
            {
                await Task.Delay(20, Ct);
            }
        }

        await redis.StopAsync();
        var firstReply = await redis.StartAsync(untilLoaded: false, Ct);
        Assert.StartsWith("-LOADING", firstReply, StringComparison.Ordinal);

        await using var connection = await redis.ConnectAsync(options => options.ConnectTimeout = TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(20000, (await connection.ExecuteAsync("DBSIZE", [], Ct)).AsInt64());
    }

    [Fact]
    public async Task ConnectAsync_RequirePass_AuthenticatesWithPassword()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", "s3cret pass"], Ct);

        await using var connection = await RedisConnection.ConnectAsync(redis.ConnectionString, cancellationToken: Ct);
        await using var asUser = await RedisConnection.ConnectAsync($"127.0.0.1:{redis.Port},user=default,password=s3cret pass", cancellationToken: Ct);

        Assert.Equal("PONG", (await connection.ExecuteAsync("PING", [], Ct)).ToString());
        Assert.Equal("default", (await asUser.ExecuteAsync("ACL", ["WHOAMI"], Ct)).ToString());
    }

    [Fact]
    public async Task ConnectAsync_WrongPassword_ThrowsClearConnectionError()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", "right"], Ct);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"127.0.0.1:{redis.Port},password=wrong", cancellationToken: Ct));

        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong,", error.Message, StringComparison.Ordinal);
        Assert.Equal("WRONGPASS", Assert.IsType<RedisServerException>(error.InnerException).Prefix);
    }

    [Fact]
    public async Task ConnectAsync_NoPasswordOnProtectedServer_CommandsFailWithNoAuth()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", "right"], Ct);
        await using var connection = await RedisConnection.ConnectAsync($"127.0.0.1:{redis.Port}", cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<RedisServerException>(() => connection.ExecuteAsync("GET", ["k"], Ct));

        Assert.Equal("NOAUTH", error.Prefix);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_AbortConnectThrowsButBackgroundModeReturns()
    {
        int port;
        await using (var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct))
        {
            port = redis.Port;
        }

        await Assert.ThrowsAsync<RedisConnectionException>(() => RedisConnection.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000", cancellationToken: Ct));
        await using var background = await RedisConnection.ConnectAsync($"127.0.0.1:{port},abortConnect=false", cancellationToken: Ct);
        Assert.False(background.IsConnected);
    }
}
