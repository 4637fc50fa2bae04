using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Platform.SystemTests.Infrastructure;

/// <summary>
/// A platform service started as a real process (<c>dotnet Platform.X.dll --urls http://127.0.0.1:PORT</c>) with
/// environment configuration. Captures its output, waits for <c>/health</c>, stops it with SIGTERM (SIGKILL
/// after a timeout) by PID, and kills it on dispose.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>A short name for messages, e.g. <c>gateway</c> or <c>worker-1</c>.</summary>
    public string Name { get; }

    /// <summary>Where the service listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Every stdout and stderr line so far.</summary>
    public IReadOnlyList<string> Lines => [.. _output];

    /// <summary>Every stdout and stderr line so far, joined.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Starts the service and waits until <c>/health</c> answers 200.</summary>
    /// <param name="name">A short name for messages.</param>
    /// <param name="assemblyPath">The service's DLL (see <see cref="ServicePaths"/>).</param>
    /// <param name="environment">Environment variables; <c>:</c> in names becomes <c>__</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task<ServiceProcess> StartAsync(
        string name, string assemblyPath, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(assemblyPath);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseAddress.ToString().TrimEnd('/'));
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Logging__Console__FormatterName"] = "json";
        info.Environment["DOTNET_gcServer"] = "0";
        // Never inherit the test runner's own telemetry settings.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, baseAddress);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await service.WaitForHealthAsync(TimeSpan.FromSeconds(60), cancellationToken);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the service to stop (SIGTERM, as Kubernetes does) and waits; SIGKILL when it has not ended within <paramref name="timeout"/>.</summary>
    /// <returns>True when it ended by itself within the timeout.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return true;
        }

        Signal("TERM");
        if (await WaitForExitAsync(timeout))
        {
            return true;
        }

        Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
        return false;
    }

    /// <summary>Sends SIGTERM without waiting.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Kills the process outright (SIGKILL to its PID).</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: false);
        }
    }

    /// <summary>Waits for the process to end.</summary>
    /// <returns>True when it ended within <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Kills the process if it still runs and releases it.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: false);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }

        _process.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (pid {_process.Id}) at {BaseAddress}";

    private void Append(string? line)
    {
        if (line is not null && _output.Count < 200_000)
        {
            _output.Enqueue(line);
        }
    }

    private void Signal(string signal)
    {
        if (_process.HasExited)
        {
            return;
        }

        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private async Task WaitForHealthAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var health = new Uri(BaseAddress, "health");
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was healthy:\n{Tail()}");
            }

            try
            {
                using var response = await Probe.GetAsync(health, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The probe timed out: the machine is busy; try again.
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} was not healthy within {timeout}:\n{Tail()}");
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _output.TakeLast(lines));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
