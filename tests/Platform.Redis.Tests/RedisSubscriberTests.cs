using System.Text;
using System.Threading.Channels;
using Platform.Testing;

namespace Platform.Redis.Tests;

public sealed class RedisSubscriberTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubscribeAsync_Published_DeliversToEveryHandlerUntilDisposed()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var subscriber = connection.GetSubscriber();
        var first = Channel.CreateUnbounded<string>();
        var second = Channel.CreateUnbounded<string>();

        var a = await subscriber.SubscribeAsync("news", (_, m) => first.Writer.TryWrite(Encoding.UTF8.GetString(m.Span)), Ct);
        await using var b = await subscriber.SubscribeAsync("news", (_, m) => second.Writer.TryWrite(Encoding.UTF8.GetString(m.Span)), Ct);
        var receivers = await subscriber.PublishAsync("news", "hello", Ct);
        await a.DisposeAsync();
        await subscriber.PublishAsync("news", "again", Ct);

        Assert.Equal(1, receivers); // one subscriber connection, whatever the number of handlers
        Assert.Equal("hello", await first.Reader.ReadAsync(Ct));
        Assert.Equal("hello", await second.Reader.ReadAsync(Ct));
        Assert.Equal("again", await second.Reader.ReadAsync(Ct));
        Assert.False(first.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_ServerRestarted_ResubscribesAndDeliversAgain()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var subscriber = connection.GetSubscriber();
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await subscriber.SubscribeAsync("jobs", (_, m) => received.Writer.TryWrite(Encoding.UTF8.GetString(m.Span)), Ct);

        await redis.KillAsync();
        await redis.StartAsync(Ct);

        // PUBLISH reports how many subscribers got the message: retry (bounded) until the subscriber is back.
        long receivers = 0;
        for (var attempt = 0; attempt < 200 && receivers == 0; attempt++)
        {
            receivers = await subscriber.PublishAsync("jobs", "after-restart", Ct);
            if (receivers == 0)
            {
                await Task.Delay(50, Ct);
            }
        }

        Assert.Equal(1, receivers);
        Assert.Equal("after-restart", await received.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
    }

    [Fact]
    public async Task GetSubscriber_AfterDispose_ReturnsWorkingNewSubscriber()
    {
        await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: Ct);
        await using var connection = await redis.ConnectAsync(cancellationToken: Ct);
        var first = connection.GetSubscriber();
        Assert.Same(first, connection.GetSubscriber());

        await first.DisposeAsync();
        var second = connection.GetSubscriber();
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await second.SubscribeAsync("c", (_, m) => received.Writer.TryWrite(Encoding.UTF8.GetString(m.Span)), Ct);
        await second.PublishAsync("c", "x", Ct);

        Assert.NotSame(first, second);
        Assert.Equal("x", await received.Reader.ReadAsync(Ct));
    }
}
