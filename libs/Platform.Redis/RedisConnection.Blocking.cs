using Platform.Redis.Internal;

namespace Platform.Redis;

/// <summary>Blocking commands on pooled dedicated connections, so they never stall the multiplexed socket.</summary>
public sealed partial class RedisConnection
{
    private static readonly TimeSpan DedicatedRetryDelay = TimeSpan.FromMilliseconds(100);

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
        try
        {
            socket = await RentDedicatedAsync(deadline.Token);
            var reply = await socket.ExecuteAsync(command, args, deadline.Token);
            ReturnDedicated(socket);
            return reply;
        }
        catch (RedisServerException)
        {
            // The socket is in a clean state after an error reply.
            ReturnDedicated(socket!);
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException && deadline.IsCancellationRequested)
        {
            // Closing the dedicated socket is what unblocks the server side promptly; a pooled socket is never reused
            // with a reply still pending on it.
            if (socket is not null)
            {
                await socket.DisposeAsync();
            }

            cancellationToken.ThrowIfCancellationRequested();
            ObjectDisposedException.ThrowIf(_disposeCts.IsCancellationRequested, this);
            throw new RedisTimeoutException(
                $"Timed out after {timeout.TotalMilliseconds:0} ms waiting for blocking command {command} on Redis at {Options.EndPoint}.", ex);
        }
        catch (Exception ex)
        {
            if (socket is not null)
            {
                await socket.DisposeAsync();
            }

            if (ex is RedisConnectionException)
            {
                throw;
            }

            throw new RedisConnectionException($"The dedicated connection to Redis at {Options.EndPoint} failed while {command} was in flight.", ex);
        }
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
                return await RespSocket.ConnectAsync(Options, cancellationToken);
            }
            catch (RedisConnectionException ex) when (!cancellationToken.IsCancellationRequested && ex.InnerException is not RedisServerException)
            {
                await Task.Delay(DedicatedRetryDelay, cancellationToken);
            }
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
