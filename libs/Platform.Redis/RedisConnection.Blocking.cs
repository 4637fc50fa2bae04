using Platform.Redis.Internal;

namespace Platform.Redis;

/// <summary>Blocking commands on pooled dedicated connections, so they never stall the multiplexed socket.</summary>
public sealed partial class RedisConnection
{
    private const int UnblockAttempts = 3;
    private static readonly TimeSpan DedicatedRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan UnblockTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnblockGrace = TimeSpan.FromMilliseconds(100);

    private async Task<RedisResult> ExecuteBlockingAsync(string command, IReadOnlyList<object> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        RespCommandWriter.Validate(args);
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposeCts.Token);
        if (!IsUnbounded(timeout))
        {
            deadline.CancelAfter(timeout);
        }

        RespSocket? socket = null;
        Task<RedisResult>? reading = null;
        var returned = false;
        try
        {
            socket = await RentDedicatedAsync(deadline.Token);
            await socket.SendAsync(command, args, deadline.Token);

            // The read itself is never cancelled: on cancellation the server is asked to unblock the command, and
            // the reply that follows (empty, or a value it had already taken) is still read, so nothing is lost.
            reading = socket.ReadReplyAsync(CancellationToken.None).AsTask();
            RedisResult reply;
            try
            {
                reply = await reading.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                reply = await UnblockAsync(socket, reading) ?? throw new OperationCanceledException(deadline.Token);
                if (reply.IsNull || reply.Type == RedisResultType.Error)
                {
                    // Unblocked before anything was served: the socket is clean again.
                    returned = true;
                    ReturnDedicated(socket);
                    throw new OperationCanceledException(deadline.Token);
                }

                // The server had served the command (popped an element, delivered entries) before it saw the
                // cancellation: hand the reply over rather than drop data nobody else can read any more.
            }

            // The socket is in a clean state after any complete reply, an error reply included.
            returned = true;
            ReturnDedicated(socket);
            return reply.Type == RedisResultType.Error ? throw new RedisServerException(reply.ToString()!) : reply;
        }
        catch (RedisServerException)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException && deadline.IsCancellationRequested)
        {
            // Unless the socket went back to the pool clean, close it: that unblocks the server side for certain,
            // and a pooled socket is never reused with a reply still pending on it.
            if (!returned)
            {
                await DiscardDedicatedAsync(socket, reading);
            }

            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposeCts.IsCancellationRequested, this);
            throw new RedisTimeoutException(
                $"Timed out after {timeout.TotalMilliseconds:0} ms waiting for blocking command {command} on Redis at {Options.EndPoint}.", ex);
        }
        catch (Exception ex)
        {
            if (!returned)
            {
                await DiscardDedicatedAsync(socket, reading);
            }

            if (ex is RedisConnectionException)
            {
                throw;
            }

            throw new RedisConnectionException($"The dedicated connection to Redis at {Options.EndPoint} failed while {command} was in flight.", ex);
        }
    }

    /// <summary>
    /// Asks the server, over the multiplexed connection, to unblock the dedicated socket's command (<c>CLIENT UNBLOCK
    /// id TIMEOUT</c>: it then replies as if its block time had run out) and reads that reply. Null when that cannot
    /// be done promptly (no client id, no answer, the command not yet blocked): the caller then closes the socket.
    /// </summary>
    private async Task<RedisResult?> UnblockAsync(RespSocket socket, Task<RedisResult> reading)
    {
        // Without the multiplexed connection there is nobody to ask promptly: closing is then the way to cancel.
        if (socket.ClientId is not { } id || _disposeCts.IsCancellationRequested || !IsConnected)
        {
            return null;
        }

        var bound = Options.CommandTimeout < UnblockTimeout ? Options.CommandTimeout : UnblockTimeout;
        for (var attempt = 0; attempt < UnblockAttempts && !reading.IsCompleted; attempt++)
        {
            bool unblocked;
            try
            {
                // 1: it was blocked and now replies; 0: not blocked (its command not yet run, or its reply on the way).
                unblocked = (await Enqueue("CLIENT", ["UNBLOCK", id, "TIMEOUT"], bound, CancellationToken.None)).AsInt64() == 1;
            }
            catch (RedisException)
            {
                return null;
            }

            try
            {
                return await reading.WaitAsync(unblocked ? bound : UnblockGrace);
            }
            catch (TimeoutException)
            {
                // Not blocked yet: the command is still on its way to the server. Ask again.
            }
            catch (Exception) when (reading.IsFaulted)
            {
                // The dedicated socket failed: nothing to read from it.
                return null;
            }
        }

        return reading.IsCompletedSuccessfully ? reading.Result : null;
    }

    private static async Task DiscardDedicatedAsync(RespSocket? socket, Task<RedisResult>? reading)
    {
        if (socket is null)
        {
            return;
        }

        await socket.DisposeAsync();

        // The read fails once the socket is closed and nobody awaits it any more: observe its exception.
        _ = reading?.ContinueWith(
            static read => _ = read.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task<RespSocket> RentDedicatedAsync(CancellationToken cancellationToken)
    {
        while (_idleDedicated.TryTake(out var idle))
        {
            if (!idle.IsDisposed)
            {
                return idle;
            }
        }

        // While the server is unreachable, keep trying until the command's own timeout: like queued commands,
        // blocking commands wait for the server rather than failing at once.
        while (true)
        {
            try
            {
                var socket = await RespSocket.ConnectAsync(Options, cancellationToken);
                socket.ClientId = await ReadClientIdAsync(socket, cancellationToken);
                return socket;
            }
            catch (RedisConnectionException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is not RedisServerException)
            {
                await Task.Delay(DedicatedRetryDelay, cancellationToken);
            }
        }
    }

    /// <summary>The server's id for a new dedicated socket (<c>CLIENT ID</c>), the handle for <c>CLIENT UNBLOCK</c>; null where the server or the ACL user does not allow it.</summary>
    private static async Task<long?> ReadClientIdAsync(RespSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await socket.ExecuteAsync("CLIENT", ["ID"], cancellationToken);
            return reply.Type == RedisResultType.Integer ? reply.AsInt64() : null;
        }
        catch (RedisServerException)
        {
            return null;
        }
    }

    private void ReturnDedicated(RespSocket socket)
    {
        if (Volatile.Read(ref _disposed) != 0 || _idleDedicated.Count >= MaxIdleDedicated)
        {
            _ = socket.DisposeAsync().AsTask();
            return;
        }

        _idleDedicated.Add(socket);
    }

    private void DropDedicatedPool()
    {
        // After a connection loss the idle dedicated sockets are most likely dead too.
        while (_idleDedicated.TryTake(out var socket))
        {
            _ = socket.DisposeAsync().AsTask();
        }
    }
}
