using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;

namespace Platform.Redis.Internal;

/// <summary>
/// One physical connection: TCP (optionally TLS) with pipes over the stream and the handshake (AUTH, SELECT,
/// CLIENT SETNAME, then PING until the server has finished loading its data). Its own request/reply helpers are for serial use only (handshake, dedicated blocking connections,
/// the subscriber); the multiplexed connection drives <see cref="Input"/> and <see cref="Output"/> directly.
/// </summary>
internal sealed class RespSocket : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream _stream;
    private int _disposed;

    private RespSocket(Socket socket, Stream stream)
    {
        _socket = socket;
        _stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true));
    }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>The server's id for this connection (<c>CLIENT ID</c>), where it was asked for; dedicated sockets use it to be unblocked.</summary>
    public long? ClientId { get; set; }

    /// <summary>Connects and runs the handshake within <see cref="RedisOptions.ConnectTimeout"/>.</summary>
    /// <param name="options">Connection settings.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>A ready connection.</returns>
    /// <exception cref="RedisConnectionException">The server is unreachable, TLS failed, the handshake was rejected or the connect timeout elapsed.</exception>
    public static async Task<RespSocket> ConnectAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        RespSocket? connection = null;
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            await socket.ConnectAsync(options.Host, options.Port, timeout.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (options.Ssl)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = options.SslHost ?? options.Host,
                        RemoteCertificateValidationCallback = options.CertificateValidation,
                    },
                    timeout.Token);
            }

            connection = new RespSocket(socket, stream);
            await connection.HandshakeAsync(options, timeout.Token);
            return connection;
        }
        catch (Exception ex) when (ex is not RedisConnectionException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("Connecting to Redis was cancelled.", ex, cancellationToken);
            }

            var reason = timeout.IsCancellationRequested
                ? $"timed out after {options.ConnectTimeout.TotalMilliseconds:0} ms"
                : ex.Message;
            throw new RedisConnectionException($"Could not connect to Redis at {options.EndPoint}: {reason}", ex);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            else
            {
                socket.Dispose();
            }

            throw;
        }
    }

    /// <summary>Writes one command and flushes.</summary>
    public ValueTask<FlushResult> SendAsync(string command, IReadOnlyList<object> args, CancellationToken cancellationToken)
    {
        RespCommandWriter.Write(Output, command, args);
        return Output.FlushAsync(cancellationToken);
    }

    /// <summary>Reads the next complete reply (error replies are returned, not thrown).</summary>
    /// <exception cref="RedisConnectionException">The server closed the connection.</exception>
    public async ValueTask<RedisResult> ReadReplyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await Input.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (RespParser.TryParse(ref buffer, out var reply))
            {
                Input.AdvanceTo(buffer.Start);
                return reply;
            }

            Input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                throw new RedisConnectionException("The Redis server closed the connection.");
            }
        }
    }

    /// <summary>Sends a command and reads its reply, throwing <see cref="RedisServerException"/> for error replies.</summary>
    public async Task<RedisResult> ExecuteAsync(string command, IReadOnlyList<object> args, CancellationToken cancellationToken)
    {
        await SendAsync(command, args, cancellationToken);
        var reply = await ReadReplyAsync(cancellationToken);
        return reply.Type == RedisResultType.Error ? throw new RedisServerException(reply.ToString()!) : reply;
    }

    /// <summary>Closes the socket at once; pending reads and writes fail.</summary>
    public void Abort()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
        catch (ObjectDisposedException)
        {
            // Already disposed.
        }

        _socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Abort();
        try
        {
            await _stream.DisposeAsync();
        }
        catch (IOException)
        {
            // TLS close_notify on a dead socket.
        }
        catch (ObjectDisposedException)
        {
            // Socket already gone.
        }
    }

    private async Task HandshakeAsync(RedisOptions options, CancellationToken cancellationToken)
    {
        var steps = new List<(string Command, object[] Args)>(3);
        if (options.Password is not null)
        {
            steps.Add(options.User is null ? ("AUTH", [options.Password]) : ("AUTH", [options.User, options.Password]));
        }

        if (options.DefaultDatabase != 0)
        {
            steps.Add(("SELECT", [options.DefaultDatabase]));
        }

        if (!string.IsNullOrEmpty(options.ClientName))
        {
            steps.Add(("CLIENT", ["SETNAME", options.ClientName]));
        }

        if (steps.Count > 0)
        {
            await RunHandshakeStepsAsync(options, steps, cancellationToken);
        }

        await WaitUntilLoadedAsync(cancellationToken);
    }

    /// <summary>
    /// A restarted server accepts connections while it is still reading its AOF or RDB file and answers most commands
    /// with <c>-LOADING</c> until it is done. The connection is only handed out once a PING succeeds, so commands that
    /// waited for the reconnect run against a server that can serve them; a load longer than the connect timeout fails
    /// this attempt and the reconnect loop tries again with backoff.
    /// </summary>
    private async Task WaitUntilLoadedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await SendAsync("PING", [], cancellationToken);
            var reply = await ReadReplyAsync(cancellationToken);
            if (reply.Type != RedisResultType.Error)
            {
                return;
            }

            // Any other error (NOAUTH on a protected server without a password, say) is the commands' to report.
            if (!reply.ToString()!.StartsWith("LOADING", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private async Task RunHandshakeStepsAsync(RedisOptions options, List<(string Command, object[] Args)> steps, CancellationToken cancellationToken)
    {
        // Pipelined: all steps in one write, then their replies in order.
        foreach (var (command, args) in steps)
        {
            RespCommandWriter.Write(Output, command, args);
        }

        await Output.FlushAsync(cancellationToken);
        RedisServerException? firstError = null;
        string? failedStep = null;
        foreach (var (command, args) in steps)
        {
            var reply = await ReadReplyAsync(cancellationToken);
            if (reply.Type == RedisResultType.Error && firstError is null)
            {
                firstError = new RedisServerException(reply.ToString()!);
                failedStep = command == "CLIENT" ? "CLIENT SETNAME" : command;
            }
        }

        if (firstError is not null)
        {
            var what = failedStep == "AUTH" ? "authentication failed" : $"{failedStep} failed";
            throw new RedisConnectionException($"Redis at {options.EndPoint}: {what}: {firstError.Message}", firstError);
        }
    }
}
