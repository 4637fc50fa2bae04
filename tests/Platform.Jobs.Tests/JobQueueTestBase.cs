using Microsoft.Extensions.Options;
using Platform.Redis;
using Platform.Testing;

namespace Platform.Jobs.Tests;

/// <summary>A connection to the shared test server per test, and queues on key prefixes of their own.</summary>
public abstract class JobQueueTestBase(RedisServerFixture redis) : IAsyncLifetime
{
    internal RedisServerFixture Redis => redis;

    internal RedisConnection Connection { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Connection = await redis.ConnectAsync();

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A key prefix no other test uses on the shared server.</summary>
    protected static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A queue, created, on <paramref name="prefix"/> (a new one by default) over <paramref name="connection"/> (the
    /// test's by default; another connection to the same prefix acts as another replica). Its retry jitter draws
    /// <paramref name="random"/>.
    /// </summary>
    internal async Task<JobQueue> NewQueueAsync(
        Action<JobQueueOptions>? configure = null, double random = 0.5, string? prefix = null, RedisConnection? connection = null)
    {
        var options = new JobQueueOptions { KeyPrefix = prefix ?? NewPrefix() };
        configure?.Invoke(options);
        var queue = new JobQueue(connection ?? Connection, Options.Create(options), random: () => random);
        await queue.EnsureCreatedAsync(Ct);
        return queue;
    }
}
