using Microsoft.Extensions.Logging;
using Platform.Redis.Internal;

namespace Platform.Redis;

/// <summary>
/// Pub/sub on one shared dedicated connection (from <see cref="RedisConnection.GetSubscriber"/>). Reconnects by
/// itself and re-subscribes every channel. Handlers run on the subscriber's read loop, one message at a time and in
/// order: keep them short (hand work off to a channel or task if it is slow).
/// </summary>
public sealed class RedisSubscriber : IAsyncDisposable
{
    private readonly RedisConnection _connection;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Subscription>> _handlers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _confirmations = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop;
    private readonly Task _loop;
    private RespSocket? _socket;
    private int _disposed;

    internal RedisSubscriber(RedisConnection connection)
    {
        _connection = connection;
        _logger = connection.LoggerFactory.CreateLogger<RedisSubscriber>();
        _stop = CancellationTokenSource.CreateLinkedTokenSource(connection.DisposedToken);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Subscribes a handler to a channel and waits until the server confirmed the subscription.</summary>
    /// <param name="channel">The channel name (exact, not a pattern).</param>
    /// <param name="handler">Called with the channel and the message payload.</param>
    /// <param name="cancellationToken">Cancels waiting for the confirmation (the subscription stays registered until disposed).</param>
    /// <returns>A handle; dispose it to unsubscribe this handler.</returns>
    /// <exception cref="RedisTimeoutException">No confirmation within <see cref="RedisOptions.CommandTimeout"/> (the subscription stays registered and is retried on reconnect).</exception>
    public async Task<IAsyncDisposable> SubscribeAsync(string channel, Action<string, ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var subscription = new Subscription(this, channel, handler);
        TaskCompletionSource confirmation;
        bool first;
        lock (_gate)
        {
            first = !_handlers.TryGetValue(channel, out var list);
            if (first)
            {
                list = [];
                _handlers[channel] = list;
            }

            list!.Add(subscription);
            if (!_confirmations.TryGetValue(channel, out confirmation!))
            {
                confirmation = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (first)
                {
                    _confirmations[channel] = confirmation;
                }
                else
                {
                    // Already subscribed and confirmed.
                    confirmation.SetResult();
                }
            }
        }

        if (first)
        {
            await SendIfConnectedAsync("SUBSCRIBE", [channel], cancellationToken);
        }

        try
        {
            await confirmation.Task.WaitAsync(_connection.Options.CommandTimeout, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new RedisTimeoutException($"Timed out waiting for Redis to confirm the subscription to {channel}; it will be retried after reconnecting.", ex);
        }

        return subscription;
    }

    /// <summary><c>PUBLISH channel message</c> (runs on the multiplexed connection).</summary>
    /// <param name="channel">The channel.</param>
    /// <param name="message">The payload: string, byte[], ReadOnlyMemory&lt;byte&gt; or a number.</param>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The number of subscribers that received it.</returns>
    public async Task<long> PublishAsync(string channel, object message, CancellationToken cancellationToken = default) =>
        (await _connection.ExecuteAsync("PUBLISH", [channel, message], cancellationToken)).AsInt64();

    /// <summary>Closes the subscriber connection and drops every subscription.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _connection.OnSubscriberDisposed(this);
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Expected on dispose.
        }

        lock (_gate)
        {
            foreach (var confirmation in _confirmations.Values)
            {
                confirmation.TrySetException(new ObjectDisposedException(nameof(RedisSubscriber)));
            }

            _confirmations.Clear();
            _handlers.Clear();
        }

        _stop.Dispose();
    }

    private async Task UnsubscribeAsync(Subscription subscription)
    {
        bool last;
        lock (_gate)
        {
            if (!_handlers.TryGetValue(subscription.Channel, out var list) || !list.Remove(subscription))
            {
                return;
            }

            last = list.Count == 0;
            if (last)
            {
                _handlers.Remove(subscription.Channel);
                _confirmations.Remove(subscription.Channel);
            }
        }

        if (last && Volatile.Read(ref _disposed) == 0)
        {
            await SendIfConnectedAsync("UNSUBSCRIBE", [subscription.Channel], CancellationToken.None);
        }
    }

    /// <summary>Sends a (UN)SUBSCRIBE now when connected; otherwise the next connect re-subscribes from the handler table.</summary>
    private async Task SendIfConnectedAsync(string command, object[] args, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (_socket is { } socket)
            {
                await socket.SendAsync(command, args, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The read loop notices the broken socket, reconnects and re-subscribes everything.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var attempt = 0;
        var options = _connection.Options;
        while (!stop.IsCancellationRequested)
        {
            RespSocket socket;
            try
            {
                socket = await RespSocket.ConnectAsync(options, stop);
            }
            catch (RedisConnectionException ex)
            {
                var delay = ReconnectBackoffPolicy.GetDelay(attempt++, Random.Shared.NextDouble());
                Log.ConnectAttemptFailed(_logger, options.EndPoint, attempt, (long)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, stop);
                continue;
            }

            attempt = 0;
            try
            {
                await _writeLock.WaitAsync(stop);
                try
                {
                    _socket = socket;
                    string[] channels;
                    lock (_gate)
                    {
                        channels = [.. _handlers.Keys];
                    }

                    if (channels.Length > 0)
                    {
                        await socket.SendAsync("SUBSCRIBE", channels, stop);
                    }

                    Log.SubscriberConnected(_logger, options.EndPoint, channels.Length);
                }
                finally
                {
                    _writeLock.Release();
                }

                while (true)
                {
                    Dispatch(await socket.ReadReplyAsync(stop));
                }
            }
            catch (Exception ex) when (!stop.IsCancellationRequested)
            {
                Log.SubscriberLost(_logger, options.EndPoint, ex);
            }
            finally
            {
                await _writeLock.WaitAsync(CancellationToken.None); // must clear _socket even while stopping
                _socket = null;
                _writeLock.Release();
                await socket.DisposeAsync();
            }
        }
    }

    private void Dispatch(RedisResult reply)
    {
        if (reply.Type != RedisResultType.Array)
        {
            return;
        }

        var items = reply.AsArray();
        if (items.Count < 3)
        {
            return;
        }

        var kind = items[0].ToString();
        var channel = items[1].ToString() ?? string.Empty;
        if (kind == "message")
        {
            Subscription[] targets;
            lock (_gate)
            {
                if (!_handlers.TryGetValue(channel, out var list))
                {
                    return;
                }

                targets = [.. list];
            }

            var payload = items[2].AsMemory();
            foreach (var target in targets)
            {
                try
                {
                    target.Handler(channel, payload);
                }
                catch (Exception ex)
                {
                    Log.SubscriptionHandlerFailed(_logger, channel, ex);
                }
            }
        }
        else if (kind == "subscribe")
        {
            lock (_gate)
            {
                if (_confirmations.TryGetValue(channel, out var confirmation))
                {
                    confirmation.TrySetResult();
                }
            }
        }
    }

    private sealed class Subscription(RedisSubscriber owner, string channel, Action<string, ReadOnlyMemory<byte>> handler) : IAsyncDisposable
    {
        private int _disposed;

        public string Channel { get; } = channel;

        public Action<string, ReadOnlyMemory<byte>> Handler { get; } = handler;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await owner.UnsubscribeAsync(this);
            }
        }
    }
}
