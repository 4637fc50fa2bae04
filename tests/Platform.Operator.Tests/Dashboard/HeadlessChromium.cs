using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Operator.Tests.Dashboard;

/// <summary>
/// A real headless Chromium driven over the Chrome DevTools Protocol (one page, one websocket). Started with a fresh
/// profile and <c>--remote-debugging-port=0</c> (the port is read from <c>DevToolsActivePort</c>); stopped by PID.
/// Collects console errors, log errors and uncaught exceptions of the page.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _calls = new();
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, DirectoryInfo profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Console errors, error log entries and uncaught exceptions seen so far.</summary>
    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>The path of Chromium, or null when it is not installed.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>Starts Chromium on about:blank and attaches to its page.</summary>
    public static async Task<HeadlessChromium> StartAsync(string executable, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("dashboard-chromium-");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,1000",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--user-data-dir=" + profile.FullName, "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.AttachAsync(cancellationToken);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one CDP command to the page and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var call = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = call;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        var response = await call.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        if (response["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return response["result"]?.AsObject() ?? [];
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true }, cancellationToken);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("evaluation failed: " + exception.ToJsonString());
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Saves a PNG of the whole page.</summary>
    public async Task ScreenshotAsync(string path, CancellationToken cancellationToken)
    {
        var height = (await EvaluateAsync("Math.ceil(document.documentElement.scrollHeight)", cancellationToken))?.GetValue<double>() ?? 1000;
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = 1400, ["height"] = (int)Math.Min(height, 6000), ["deviceScaleFactor"] = 1, ["mobile"] = false,
        }, cancellationToken);
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }

        _socket.Dispose();
        await _reader.ContinueWith(_ => { }, TaskScheduler.Default);
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _stop.Dispose();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                _profile.Delete(recursive: true);
                break;
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }

    private async Task AttachAsync(CancellationToken cancellationToken)
    {
        var portFile = Path.Combine(_profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int port;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("Chromium exited with code " + _process.ExitCode.ToString(CultureInfo.InvariantCulture));
            }

            if (File.Exists(portFile) && (await File.ReadAllLinesAsync(portFile, cancellationToken)) is [var first, ..] && int.TryParse(first, out port) && port > 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Chromium wrote no DevToolsActivePort within 30 s");
            }

            await Task.Delay(100, cancellationToken);
        }

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
        string? page = null;
        for (var attempt = 0; attempt < 100 && page is null; attempt++)
        {
            var targets = await http.GetFromJsonAsync<JsonArray>("/json/list", cancellationToken) ?? [];
            page = targets.Select(t => t!.AsObject()).Where(t => (string?)t["type"] == "page").Select(t => (string?)t["webSocketDebuggerUrl"]).FirstOrDefault();
            if (page is null)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        await _socket.ConnectAsync(new Uri(page ?? throw new InvalidOperationException("Chromium has no page target")), cancellationToken);
        _reader = ReadAsync(_stop.Token);
        await SendAsync("Runtime.enable", null, cancellationToken);
        await SendAsync("Log.enable", null, cancellationToken);
        await SendAsync("Page.enable", null, cancellationToken);
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (node["id"] is { } id && _calls.TryRemove(id.GetValue<int>(), out var call))
                {
                    call.TrySetResult(node);
                    continue;
                }

                Observe((string?)node["method"], node["params"]);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            foreach (var call in _calls.Values)
            {
                call.TrySetException(new InvalidOperationException("the DevTools connection closed"));
            }
        }
    }

    private void Observe(string? method, JsonNode? parameters)
    {
        var type = parameters?["type"]?.GetValue<string>();
        var entry = parameters?["entry"];
        var level = entry?["level"]?.GetValue<string>();
        if (method == "Runtime.consoleAPICalled" && type is "error" or "assert")
        {
            _errors.Enqueue("console." + type + ": " + parameters?["args"]?.ToJsonString());
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _errors.Enqueue("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded" && level == "error")
        {
            _errors.Enqueue("log: " + entry?.ToJsonString());
        }
    }
}
