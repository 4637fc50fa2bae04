using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Redis.Internal;

namespace Platform.Redis;

/// <summary>
/// A multiplexed Redis connection (the counterpart of StackExchange.Redis' <c>ConnectionMultiplexer</c>): one socket
/// shared by every caller. Commands go into a queue; a single writer writes whatever is queued in one batch and
/// flushes (implicit pipelining); a single reader matches replies to commands strictly in order. Blocking commands
/// run on pooled dedicated connections. The connection reconnects by itself; create one per process and share it.
/// </summary>
public sealed partial class RedisConnection : IAsyncDisposable
{
    private const int MaxIdleDedicated = 16;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentQueue<PendingCommand> _backlog = new();
    private readonly WriterSignal _wake = new();
    private readonly ConcurrentBag<RespSocket> _idleDedicated = [];
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Timer _sweepTimer;
    private readonly Lock _subscriberLock = new();
    private volatile Generation? _current;
    private volatile Exception? _lastError;
    private RedisSubscriber? _subscriber;
    private Task _supervisor = Task.CompletedTask;
    private int _wakePending;
    private int _disposed;

    private RedisConnection(RedisOptions options, ILoggerFactory? loggerFactory)
    {
        Options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RedisConnection>();
        _sweepTimer = new Timer(static state => ((RedisConnection)state!).SweepTimeouts(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised when the multiplexed connection is lost (not raised for failed reconnect attempts).</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionFailed;

    /// <summary>Raised when the multiplexed connection is restored after a loss.</summary>
    public event EventHandler<RedisConnectionEventArgs>? ConnectionRestored;

    /// <summary>True while the multiplexed connection is up.</summary>
    public bool IsConnected => _current is not null;

    /// <summary>The settings (a copy: changing it after connecting has no effect).</summary>
    public RedisOptions Options { get; }

    internal ILoggerFactory LoggerFactory => _loggerFactory;

    internal CancellationToken DisposedToken => _disposeCts.Token;

    /// <summary>Parses <paramref name="configuration"/> and connects. See <see cref="RedisOptions.Parse"/>.</summary>
    /// <param name="configuration">A configuration string such as <c>127.0.0.1:6379,password=...</c>.</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <param name="cancellationToken">Cancels the first connect attempt.</param>
    /// <returns>The connection.</returns>
    public static Task<RedisConnection> ConnectAsync(string configuration, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(RedisOptions.Parse(configuration), loggerFactory, cancellationToken);

    /// <summary>
    /// Connects. With <see cref="RedisOptions.AbortOnConnectFail"/> (the default) the first attempt must succeed or this
    /// throws <see cref="RedisConnectionException"/>; otherwise it returns at once and keeps trying in the background.
    /// </summary>
    /// <param name="options">Settings (copied).</param>
    /// <param name="loggerFactory">Logging; null for none.</param>
    /// <param name="cancellationToken">Cancels the first connect attempt.</param>
    /// <returns>The connection.</returns>
    public static async Task<RedisConnection> ConnectAsync(RedisOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connection = Start(options, loggerFactory);
        if (!options.AbortOnConnectFail)
        {
            return connection;
        }

        try
        {
            await connection._firstAttempt.Task.WaitAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates the connection and starts connecting in the background without waiting (used by DI).</summary>
    internal static RedisConnection Start(RedisOptions options, ILoggerFactory? loggerFactory)
    {
        var connection = new RedisConnection(options.Clone(), loggerFactory);
        connection._sweepTimer.Change(SweepInterval, SweepInterval);
        connection._supervisor = Task.Run(connection.SuperviseAsync);
        return connection;
    }

    /// <summary>Runs any command with the default timeout. See <see cref="ExecuteAsync(string, IReadOnlyList{object}, TimeSpan, CancellationToken)"/>.</summary>
    /// <param name="command">Command name, e.g. <c>SET</c> (sub-commands may follow after a space: <c>CLIENT SETNAME</c>).</param>
    /// <param name="args">Arguments: string, byte[], ReadOnlyMemory&lt;byte&gt;, int, long, double, bool.</param>
    /// <returns>The reply.</returns>
    public Task<RedisResult> ExecuteAsync(string command, params object[] args) =>
        ExecuteAsync(command, args, CancellationToken.None);

    /// <summary>Runs any command with the default timeout (blocking commands: block time + <see cref="RedisOptions.CommandTimeout"/>).</summary>
    /// <param name="command">Command name.</param>
    /// <param name="args">Arguments.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply (the reply, if it comes, is discarded). A blocking command is unblocked on the server instead, and a reply the server had already sent (a popped element) is returned rather than discarded.</param>
    /// <returns>The reply.</returns>
    public Task<RedisResult> ExecuteAsync(string command, IReadOnlyList<object> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var blocking = BlockingCommandPolicy.Classify(command, args);
        if (blocking.IsBlocking)
        {
            var timeout = blocking.BlockTime is { } block ? block + Options.CommandTimeout : Timeout.InfiniteTimeSpan;
            return ExecuteBlockingAsync(command, args, timeout, cancellationToken);
        }

        return Enqueue(command, args, Options.CommandTimeout, cancellationToken);
    }

    /// <summary>
    /// Runs any command with an explicit timeout. Blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BZPOPMIN/MAX,
    /// BLMPOP, BZMPOP, XREAD/XREADGROUP with BLOCK, WAIT) run on a pooled dedicated connection.
    /// </summary>
    /// <param name="command">Command name.</param>
    /// <param name="args">Arguments.</param>
    /// <param name="timeout">How long to wait for the reply, including waiting for a connection; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="RedisServerException">The server replied with an error.</exception>
    /// <exception cref="RedisConnectionException">The connection dropped while the command was in flight.</exception>
    /// <exception cref="RedisTimeoutException">The timeout elapsed.</exception>
    public Task<RedisResult> ExecuteAsync(string command, IReadOnlyList<object> args, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        ValidateTimeout(timeout);
        return BlockingCommandPolicy.Classify(command, args).IsBlocking
            ? ExecuteBlockingAsync(command, args, timeout, cancellationToken)
            : Enqueue(command, args, timeout, cancellationToken);
    }

    /// <summary>Runs a Lua script by EVALSHA, falling back to EVAL (which also caches it) on NOSCRIPT.</summary>
    /// <param name="script">The script.</param>
    /// <param name="keys">KEYS[1..n].</param>
    /// <param name="args">ARGV[1..n].</param>
    /// <param name="cancellationToken">Cancels waiting for the reply.</param>
    /// <returns>The script's reply.</returns>
    public async Task<RedisResult> ScriptEvaluateAsync(LuaScript script, IReadOnlyList<object> keys, IReadOnlyList<object> args, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return await ExecuteAsync("EVALSHA", ScriptArguments(script.Sha1, keys, args), cancellationToken);
        }
        catch (RedisServerException ex) when (ex.Prefix == "NOSCRIPT")
        {
            return await ExecuteAsync("EVAL", ScriptArguments(script.Script, keys, args), cancellationToken);
        }
    }

    /// <summary>Measures a PING round trip through the multiplexed connection.</summary>
    /// <param name="cancellationToken">Cancels waiting.</param>
    /// <returns>The round-trip time.</returns>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await ExecuteAsync("PING", [], cancellationToken);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// The shared pub/sub subscriber (its own connection, created on first use). Disposing it closes that connection
    /// for every user; the next call creates a new one.
    /// </summary>
    /// <returns>The subscriber.</returns>
    public RedisSubscriber GetSubscriber()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_subscriberLock)
        {
            return _subscriber ??= new RedisSubscriber(this);
        }
    }

    internal void OnSubscriberDisposed(RedisSubscriber subscriber)
    {
        lock (_subscriberLock)
        {
            if (ReferenceEquals(_subscriber, subscriber))
            {
                _subscriber = null;
            }
        }
    }

    /// <summary>Closes every connection; queued and in-flight commands fail with <see cref="ObjectDisposedException"/>.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _disposeCts.CancelAsync();
        await _sweepTimer.DisposeAsync();
        _firstAttempt.TrySetCanceled();
        try
        {
            await _supervisor;
        }
        catch (OperationCanceledException)
        {
            // Expected: the supervisor stops on dispose.
        }

        FailBacklog();
        RedisSubscriber? subscriber;
        lock (_subscriberLock)
        {
            subscriber = _subscriber;
        }

        if (subscriber is not null)
        {
            await subscriber.DisposeAsync();
        }

        while (_idleDedicated.TryTake(out var socket))
        {
            await socket.DisposeAsync();
        }

        _disposeCts.Dispose();
    }

    private static object[] ScriptArguments(string scriptOrSha, IReadOnlyList<object> keys, IReadOnlyList<object> args)
    {
        var all = new object[2 + keys.Count + args.Count];
        all[0] = scriptOrSha;
        all[1] = keys.Count;
        for (var i = 0; i < keys.Count; i++)
        {
            all[2 + i] = keys[i];
        }

        for (var i = 0; i < args.Count; i++)
        {
            all[2 + keys.Count + i] = args[i];
        }

        return all;
    }

    private Task<RedisResult> Enqueue(string command, IReadOnlyList<object> args, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return Task.FromException<RedisResult>(new ObjectDisposedException(nameof(RedisConnection)));
        }

        RespCommandWriter.Validate(args);
        RejectUnsupported(command);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RedisResult>(cancellationToken);
        }

        var deadline = IsUnbounded(timeout) ? long.MaxValue : Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var pending = new PendingCommand(command, args, deadline);
        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.UnsafeRegister(
                static (state, token) => ((PendingCommand)state!).TrySetCanceled(token), pending);
        }

        _backlog.Enqueue(pending);

        // A plain read first: while a wake-up is already pending, callers do not all write the same cache line.
        // Safe with the writer's full-fence reset (see WriteLoopAsync): the enqueue above is itself a full fence.
        if (Volatile.Read(ref _wakePending) == 0 && Interlocked.Exchange(ref _wakePending, 1) == 0)
        {
            _wake.Set();
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            FailBacklog();
        }

        return pending.Task;
    }

    /// <summary>Infinite, or so long that it cannot be represented as a deadline or timer period.</summary>
    private static bool IsUnbounded(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout.TotalMilliseconds >= int.MaxValue;

    private static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout must be positive or Timeout.InfiniteTimeSpan.");
        }
    }

    private static void RejectUnsupported(string command)
    {
        if (command.Length is >= 7 and <= 12
            && (command.Equals("SUBSCRIBE", StringComparison.OrdinalIgnoreCase)
                || command.Equals("PSUBSCRIBE", StringComparison.OrdinalIgnoreCase)
                || command.Equals("SSUBSCRIBE", StringComparison.OrdinalIgnoreCase)
                || command.Equals("UNSUBSCRIBE", StringComparison.OrdinalIgnoreCase)
                || command.Equals("MONITOR", StringComparison.OrdinalIgnoreCase)))
        {
            throw new NotSupportedException($"{command} cannot run on the multiplexed connection; use GetSubscriber().");
        }
    }

    private void FailBacklog()
    {
        while (_backlog.TryDequeue(out var pending))
        {
            pending.Fail(new ObjectDisposedException(nameof(RedisConnection)));
        }
    }

    private void SweepTimeouts()
    {
        var now = Environment.TickCount64;
        var current = _current;
        foreach (var pending in _backlog)
        {
            if (pending.Deadline <= now && !pending.Task.IsCompleted)
            {
                var error = _lastError;
                var message = current is null
                    ? $"Timed out waiting for a connection to Redis at {Options.EndPoint} to run {pending.Command}" + (error is null ? "." : $" (last error: {error.Message}).")
                    : $"Timed out before {pending.Command} could be sent to Redis at {Options.EndPoint}.";
                pending.Fail(new RedisTimeoutException(message, error));
            }
        }

        if (current is null)
        {
            return;
        }

        foreach (var pending in current.InFlight)
        {
            if (pending.Deadline <= now && !pending.Task.IsCompleted)
            {
                pending.Fail(new RedisTimeoutException($"Timed out waiting for the reply to {pending.Command} from Redis at {Options.EndPoint}."));
            }
        }
    }

    /// <summary>One physical connection's lifetime on the multiplexed path.</summary>
    private sealed class Generation(RespSocket socket)
    {
        public RespSocket Socket { get; } = socket;

        public ConcurrentQueue<PendingCommand> InFlight { get; } = new();

        public CancellationTokenSource Stop { get; } = new();
    }
}
