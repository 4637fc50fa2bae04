namespace Platform.Redis;

/// <summary>Typed conveniences; each is a thin wrapper over <see cref="ExecuteAsync(string, IReadOnlyList{object}, CancellationToken)"/>.</summary>
public sealed partial class RedisConnection
{
    /// <summary><c>GET key</c> as text; null when the key does not exist.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The value or null.</returns>
    public async Task<string?> StringGetAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("GET", [key], cancellationToken)).ToString();

    /// <summary><c>SET key value [PX ms]</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value: string, byte[], ReadOnlyMemory&lt;byte&gt; or a number.</param>
    /// <param name="expiry">Optional time to live.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>A task that completes when the server acknowledged.</returns>
    public Task StringSetAsync(string key, object value, TimeSpan? expiry = null, CancellationToken cancellationToken = default) =>
        expiry is { } ttl
            ? ExecuteAsync("SET", [key, value, "PX", (long)ttl.TotalMilliseconds], cancellationToken)
            : ExecuteAsync("SET", [key, value], cancellationToken);

    /// <summary><c>DEL key</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>True when the key existed.</returns>
    public async Task<bool> KeyDeleteAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("DEL", [key], cancellationToken)).AsInt64() > 0;

    /// <summary><c>EXISTS key</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>True when the key exists.</returns>
    public async Task<bool> KeyExistsAsync(string key, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("EXISTS", [key], cancellationToken)).AsInt64() > 0;

    /// <summary><c>INCRBY key delta</c>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="delta">The increment.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The new value.</returns>
    public async Task<long> StringIncrementAsync(string key, long delta = 1, CancellationToken cancellationToken = default) =>
        (await ExecuteAsync("INCRBY", [key, delta], cancellationToken)).AsInt64();
}
