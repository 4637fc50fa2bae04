using Platform.Redis.Internal;

namespace Platform.Redis;

/// <summary>The supervisor that (re)connects, and the single writer and single reader of the multiplexed socket.</summary>
public sealed partial class RedisConnection
{
    private const int FlushThreshold = 64 * 1024;

    private async Task SuperviseAsync()
    {
        var stopping = _disposeCts.Token;
        var attempt = 0;
        var everConnected = false;
        while (!stopping.IsCancellationRequested)
        {
            RespSocket socket;
            try
            {
                socket = await RespSocket.ConnectAsync(Options, stopping);
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                _lastError = ex;
                if (Options.AbortOnConnectFail)
                {
                    // Only ConnectAsync in abort mode observes the first attempt.
                    _firstAttempt.TrySetException(ex);
                }

                var delay = ReconnectBackoffPolicy.GetDelay(attempt, Random.Shared.NextDouble());
                attempt++;
                Log.ConnectAttemptFailed(_logger, Options.EndPoint, attempt, (long)delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, stopping);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var generation = new Generation(socket);
            _lastError = null;
            _current = generation;
            if (everConnected)
            {
                Log.ConnectionRestored(_logger, Options.EndPoint, attempt + 1);
                Raise(ConnectionRestored, null);
            }
            else
            {
                Log.Connected(_logger, Options.EndPoint);
            }

            everConnected = true;
            attempt = 0;
            _firstAttempt.TrySetResult();

            var failure = await RunGenerationAsync(generation);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            _lastError = failure;
            Raise(ConnectionFailed, failure);
            DropDedicatedPool();
        }
    }

    /// <summary>Runs the reader and writer until either fails, then tears the socket down and fails in-flight commands.</summary>
    private async Task<Exception> RunGenerationAsync(Generation generation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_disposeCts.Token, generation.Stop.Token);
        var reader = Task.Run(() => ReadLoopAsync(generation, stop.Token));
        var writer = Task.Run(() => WriteLoopAsync(generation, stop.Token));
        var first = await Task.WhenAny(reader, writer);
        var failure = first.Exception?.GetBaseException() ?? new RedisConnectionException("The Redis connection was closed.");

        // Stop both loops before touching the in-flight queue: only a stopped reader guarantees no reply is matched
        // to the wrong command while the queue is drained.
        _current = null;
        await generation.Stop.CancelAsync();
        generation.Socket.Abort();
        try
        {
            await Task.WhenAll(reader, writer);
        }
        catch (Exception)
        {
            // Both loops end with an exception by design; the first one is the reason reported.
        }

        var lost = 0;
        var disposed = _disposeCts.IsCancellationRequested;
        while (generation.InFlight.TryDequeue(out var pending))
        {
            lost++;
            pending.Fail(disposed
                ? new ObjectDisposedException(nameof(RedisConnection))
                : new RedisConnectionException(
                    $"The connection to Redis at {Options.EndPoint} was lost while {pending.Command} was in flight; its outcome is unknown.", failure));
        }

        await generation.Socket.DisposeAsync();
        generation.Stop.Dispose();
        if (!disposed)
        {
            Log.ConnectionLost(_logger, Options.EndPoint, lost, failure);
        }

        return failure;
    }

    private async Task WriteLoopAsync(Generation generation, CancellationToken stop)
    {
        var output = generation.Socket.Output;
        while (true)
        {
            // Reset before draining: a command enqueued after this point signals again, so none is left behind. A full
            // fence, not a plain store: otherwise the drain's reads could pass the store, see an empty backlog while a
            // caller still saw the old 1 and did not signal, and leave its command waiting for the next caller.
            Interlocked.Exchange(ref _wakePending, 0);
            var wrote = false;
            while (_backlog.TryDequeue(out var pending))
            {
                if (pending.Task.IsCompleted)
                {
                    // Timed out or cancelled before it was sent: never send it.
                    continue;
                }

                // Into the in-flight queue before the bytes go out, so the reader always finds it.
                generation.InFlight.Enqueue(pending);
                RespCommandWriter.Write(output, pending.Command, pending.Args);
                wrote = true;
                if (output.UnflushedBytes > FlushThreshold)
                {
                    await FlushAsync(output, stop);
                    wrote = false;
                }
            }

            if (wrote)
            {
                await FlushAsync(output, stop);
            }

            if (!_backlog.IsEmpty)
            {
                continue;
            }

            await _wake.WaitAsync(stop);
        }
    }

    private static async ValueTask FlushAsync(System.IO.Pipelines.PipeWriter output, CancellationToken stop)
    {
        var result = await output.FlushAsync(stop);
        if (result.IsCompleted || result.IsCanceled)
        {
            throw new RedisConnectionException("The Redis connection was closed while writing.");
        }
    }

    private static async Task ReadLoopAsync(Generation generation, CancellationToken stop)
    {
        var input = generation.Socket.Input;
        while (true)
        {
            var read = await input.ReadAsync(stop);
            var buffer = read.Buffer;
            try
            {
                while (RespParser.TryParse(ref buffer, out var reply))
                {
                    if (!generation.InFlight.TryDequeue(out var pending))
                    {
                        throw new RedisException("RESP protocol error: a reply arrived with no command waiting for it.");
                    }

                    pending.Complete(reply);
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (read.IsCompleted)
            {
                throw new RedisConnectionException("The Redis server closed the connection.");
            }
        }
    }

    private void Raise(EventHandler<RedisConnectionEventArgs>? handler, Exception? exception)
    {
        if (handler is null)
        {
            return;
        }

        try
        {
            handler(this, new RedisConnectionEventArgs(Options.EndPoint, exception));
        }
        catch (Exception ex)
        {
            Log.EventHandlerFailed(_logger, ex);
        }
    }
}
