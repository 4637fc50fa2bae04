using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Platform.Redis;
using Xunit;

namespace Platform.Testing;

/// <summary>
/// A real <c>redis-server</c> process on a free 127.0.0.1 port with its own temporary data directory (AOF on,
/// RDB snapshots off). Use it as an xunit collection fixture (see <see cref="RedisCollection"/>) or standalone with
/// <see cref="StartNewAsync"/> for tests that kill or restart the server. The process is stopped by PID and the
/// directory deleted on dispose.
/// </summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    /// <summary>The message when <c>redis-server</c> is not installed.</summary>
    public const string MissingServerMessage = "redis-server was not found on PATH. Install it with: apt-get install -y redis-server";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly string[] _extraArguments;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    /// <summary>Creates a fixture with the default arguments (used by xunit as a collection fixture).</summary>
    public RedisServerFixture()
        : this([])
    {
    }

    // Private: xunit requires a collection fixture to have a single public constructor; use StartNewAsync for extra arguments.
    private RedisServerFixture(IReadOnlyList<string> extraArguments)
    {
        ArgumentNullException.ThrowIfNull(extraArguments);
        _extraArguments = [.. extraArguments];
        for (var i = 0; i < _extraArguments.Length - 1; i++)
        {
            if (_extraArguments[i] == "--requirepass")
            {
                Password = _extraArguments[i + 1];
            }
        }

        DataDirectory = Path.Combine(Path.GetTempPath(), "platform-redis-" + Guid.NewGuid().ToString("N")[..12]);
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; private set; }

    /// <summary>The password given with <c>--requirepass</c>, if any.</summary>
    public string? Password { get; }

    /// <summary>The server's working directory (AOF files live here and survive <see cref="StartAsync(CancellationToken)"/>).</summary>
    public string DataDirectory { get; }

    /// <summary>A connection string for <see cref="RedisConnection.ConnectAsync(string, Microsoft.Extensions.Logging.ILoggerFactory?, CancellationToken)"/> (includes the password when set).</summary>
    public string ConnectionString =>
        Password is null ? $"127.0.0.1:{Port}" : $"127.0.0.1:{Port},password={Password}";

    /// <summary>The PID of the running server, or null when stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>Starts a new standalone server; dispose it with <c>await using</c>.</summary>
    /// <param name="extraArguments">Extra <c>redis-server</c> arguments.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<RedisServerFixture> StartNewAsync(IReadOnlyList<string>? extraArguments = null, CancellationToken cancellationToken = default)
    {
        var fixture = new RedisServerFixture(extraArguments ?? []);
        try
        {
            await fixture.StartCoreAsync(untilLoaded: true, cancellationToken);
            return fixture;
        }
        catch
        {
            await fixture.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => await StartCoreAsync(untilLoaded: true, CancellationToken.None);

    /// <summary>Connects a client to this server.</summary>
    /// <param name="configure">Adjusts the options (e.g. timeouts) before connecting.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A connected client; the caller disposes it.</returns>
    public Task<RedisConnection> ConnectAsync(Action<RedisOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = RedisOptions.Parse(ConnectionString);
        configure?.Invoke(options);
        return RedisConnection.ConnectAsync(options, null, cancellationToken);
    }

    /// <summary>Kills the server with SIGKILL (no AOF fsync, sockets reset) and waits for it to exit.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        process.Kill(entireProcessTree: false);
        using var timeout = new CancellationTokenSource(StopTimeout);
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Stops the server gracefully (SHUTDOWN, which fsyncs the AOF), killing it if it does not exit in time.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        try
        {
            await SendRawAsync("SHUTDOWN", CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // SHUTDOWN closes the socket without a reply.
        }

        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    /// <summary>Starts the server again on the same port and data directory (AOF data survives), after a kill or stop.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the server answers PING.</returns>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(untilLoaded: true, cancellationToken);

    /// <summary>Starts the server again on the same port and data directory, after a kill or stop.</summary>
    /// <param name="untilLoaded">
    /// True to wait until PING answers PONG (the data is loaded); false to return as soon as the server answers at all,
    /// which may be <c>-LOADING</c> while it still reads its append-only file.
    /// </param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The reply to the last PING: <c>+PONG</c>, or the <c>-LOADING</c> error when <paramref name="untilLoaded"/> is false.</returns>
    public Task<string> StartAsync(bool untilLoaded, CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("redis-server is already running.");
        }

        return StartCoreAsync(untilLoaded, cancellationToken);
    }

    /// <summary>Deletes every key in every database.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server confirmed.</returns>
    public async Task FlushAllAsync(CancellationToken cancellationToken = default)
    {
        var reply = await SendRawAsync("FLUSHALL", cancellationToken);
        if (!reply.Contains("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"FLUSHALL failed: {reply.Trim()}");
        }
    }

    /// <summary>Kills the server by PID and deletes its data directory.</summary>
    /// <returns>A task that completes when cleaned up.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: false);
                    using var timeout = new CancellationTokenSource(StopTimeout);
                    await process.WaitForExitAsync(timeout.Token);
                }
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            process.Dispose();
            _process = null;
        }

        try
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }

    private static string FindServer()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(MissingServerMessage);
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<string> StartCoreAsync(bool untilLoaded, CancellationToken cancellationToken)
    {
        // A port found free can be taken before redis-server binds it: by a client socket's ephemeral port, or by a
        // server of another test process that picked the same one. Only a port this fixture has not yet served on is
        // replaced; a restart keeps its port (clients reconnect to it).
        var choosePort = Port == 0;
        for (var attempt = 1; ; attempt++)
        {
            if (choosePort)
            {
                Port = FindFreePort();
            }

            try
            {
                return await StartOnPortAsync(untilLoaded, cancellationToken);
            }
            catch (PortTakenException) when (choosePort && attempt < 5)
            {
                // Another port.
            }
        }
    }

    private async Task<string> StartOnPortAsync(bool untilLoaded, CancellationToken cancellationToken)
    {
        var server = FindServer();
        Directory.CreateDirectory(DataDirectory);

        var start = new ProcessStartInfo(server)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        foreach (var argument in new[]
                 {
                     "--bind", "127.0.0.1", "--port", Port.ToString(CultureInfo.InvariantCulture), "--dir", DataDirectory,
                     "--appendonly", "yes", "--appendfsync", "everysec", "--save", string.Empty, "--daemonize", "no",
                 }.Concat(_extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        _output.Clear();
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server could not be started.");
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartupTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                var output = string.Join(Environment.NewLine, _output);
                var message = $"redis-server exited with code {process.ExitCode} during startup on port {Port}:{Environment.NewLine}{output}";
                throw output.Contains("Address already in use", StringComparison.Ordinal)
                    ? new PortTakenException(message)
                    : new InvalidOperationException(message);
            }

            try
            {
                var reply = await SendRawAsync("PING", timeout.Token);
                if (reply.Contains("+PONG", StringComparison.Ordinal) || (!untilLoaded && reply.Contains("-LOADING", StringComparison.Ordinal)))
                {
                    // The answer must come from this process, not from a server that already listened on the port
                    // (ours then exits, unable to bind, and the tests would use another test's server).
                    var answering = await ReadProcessIdAsync(timeout.Token);
                    if (answering != process.Id)
                    {
                        StopStrayProcess(process);
                        throw new PortTakenException($"Port {Port} is served by another redis-server (PID {answering}), not by the one started (PID {process.Id}).");
                    }

                    return reply.Trim();
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException && !timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartupTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    private static void StopStrayProcess(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>The <c>process_id</c> of the server answering on <see cref="Port"/> (from <c>INFO server</c>).</summary>
    private async Task<int> ReadProcessIdAsync(CancellationToken cancellationToken)
    {
        const string Field = "process_id:";
        static int EndOfField(string text) =>
            text.IndexOf(Field, StringComparison.Ordinal) is var at and >= 0 ? text.IndexOf("\r\n", at, StringComparison.Ordinal) : -1;

        var info = await SendRawAsync("INFO server", text => EndOfField(text) > 0, cancellationToken);
        var end = EndOfField(info);
        if (end < 0)
        {
            throw new IOException($"The server on port {Port} closed the connection before answering INFO.");
        }

        var start = info.IndexOf(Field, StringComparison.Ordinal) + Field.Length;
        return int.Parse(info.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 40 && _output.TryDequeue(out _))
        {
            // Keep only the tail for error messages.
        }
    }

    /// <summary>Sends one inline command (after AUTH when a password is set) and returns the raw reply text.</summary>
    private Task<string> SendRawAsync(string command, CancellationToken cancellationToken)
    {
        var expectedLines = Password is null ? 1 : 2;
        return SendRawAsync(command, text => text.Split("\r\n").Length - 1 >= expectedLines, cancellationToken);
    }

    /// <summary>Like <see cref="SendRawAsync(string, CancellationToken)"/>, reading until <paramref name="complete"/> holds for the text read (or the server closes).</summary>
    private async Task<string> SendRawAsync(string command, Func<string, bool> complete, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
        var stream = client.GetStream();
        var request = Password is null ? $"{command}\r\n" : $"AUTH \"{Password}\"\r\n{command}\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), cancellationToken);
        var buffer = new byte[4096];
        var text = new StringBuilder();
        while (!complete(text.ToString()))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    /// <summary>The chosen port was taken before the server bound it.</summary>
    private sealed class PortTakenException(string message) : Exception(message);
}
