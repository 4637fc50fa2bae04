using System.CommandLine;
using System.Globalization;
using System.Text;
using Platform.Cli.Commands;
using Platform.Cli.Load;
using Spectre.Console;
using Platform.Testing;

namespace Platform.AppHost.Tests.Load;

public sealed class LoadCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task RunAsync_GenericTrace_SendsEveryRequestInTraceOrderWithItsTokenSizes()
    {
        var ct = TestContext.Current.CancellationToken;
        // 12 requests one trace-second apart; at 20x they are due every 50 ms.
        var rows = Enumerable.Range(0, 12).Select(i => (Time: i * 1.0, Input: 100 + i, Output: 10 + i)).ToList();
        var trace = WriteTrace("timestamp_seconds,input_tokens,output_tokens", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Time},{r.Input},{r.Output}")));
        await using var gateway = await FakeGateway.StartAsync(index => index % 4 == 3 ? 503 : 200, ct);
        var (exit, text) = await RunAsync(new LoadOptions { TracePath = trace, Gateway = gateway.Url, ApiKey = "sk-test", Speed = 20, Progress = false }, ct);

        Assert.Equal(0, exit);
        var received = gateway.Received.ToList();
        Assert.Equal(Enumerable.Range(0, 12), received.Select(r => r.Index).Order());
        Assert.All(received, r =>
        {
            Assert.Equal("/v1/chat/completions", r.Path);
            Assert.Equal("Bearer sk-test", r.Authorization);
            Assert.Equal("sim-small", r.Model);
            Assert.Equal(rows[r.Index].Output, r.MaxTokens);
            Assert.Equal(rows[r.Index].Input * 4, r.PromptLength);
        });
        Assert.Contains("errors: 503: 3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ClockMovesThroughTheTrace_SendsEachRequestOnlyOnceItsScaledArrivalIsReached()
    {
        var ct = TestContext.Current.CancellationToken;
        // Arrivals 0, 2, 4, 10 trace-seconds at 2x: due at 0, 1, 2 and 5 s of replay time.
        var trace = WriteTrace("timestamp_seconds,input_tokens,output_tokens", ["0,10,1", "2,10,2", "4,10,3", "10,10,4"]);
        await using var gateway = await FakeGateway.StartAsync(_ => 200, ct);
        var time = new ManualTimeProvider();
        var options = new LoadOptions { TracePath = trace, Gateway = new Uri(gateway.Url, "/"), ApiKey = "k", Speed = 2, Progress = false };
        var plan = LoadPlan.Build(Platform.Cli.Simulation.TraceReader.Read(trace), options.Speed, options.Duration, options.MaxRequests);
        using var http = new HttpClient();
        var run = new LoadRunner(http, options, time).RunAsync(plan, null, ct);

        // (advance the clock by, requests the gateway has seen by then)
        (double Seconds, int Expected)[] steps = [(0, 1), (0.999, 1), (0.001, 2), (1, 3), (2.5, 3), (0.5, 4)];
        foreach (var (seconds, expected) in steps)
        {
            time.Advance(TimeSpan.FromSeconds(seconds));
            await Eventually.TrueAsync(() => gateway.Received.Count >= expected && (time.PendingTimers == 1 || expected == 4), $"{expected} requests sent", TimeSpan.FromSeconds(30), ct);
            Assert.Equal(expected, gateway.Received.Count);
        }

        var outcomes = await run.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal([0, 1, 2, 3], gateway.Received.Select(r => r.Index));
        Assert.All(outcomes, o => Assert.True(o.Succeeded));
    }

    [Fact]
    public async Task RunAsync_AzureTraceWithLimits_StopsAtMaxRequestsAndDuration()
    {
        var ct = TestContext.Current.CancellationToken;
        // Azure timestamps: 0 s, 0.5 s, 1 s, ... 9.5 s; at 10x the duration of 0.52 s admits the first 11 (0 ... 0.5 s).
        var start = new DateTime(2023, 11, 16, 18, 15, 46, DateTimeKind.Unspecified);
        var lines = Enumerable.Range(0, 20).Select(i => string.Create(CultureInfo.InvariantCulture, $"{start.AddSeconds(i * 0.5):yyyy-MM-dd HH:mm:ss.fffffff},{50 + i},{5 + i}"));
        var trace = WriteTrace("TIMESTAMP,ContextTokens,GeneratedTokens", lines);
        await using var gateway = await FakeGateway.StartAsync(_ => 202, ct);

        var (byDuration, _) = await RunAsync(new LoadOptions { TracePath = trace, Gateway = gateway.Url, ApiKey = "k", Speed = 10, Duration = TimeSpan.FromSeconds(0.52), Mode = LoadMode.Jobs, Progress = false }, ct);
        Assert.Equal(0, byDuration);
        Assert.Equal(11, gateway.Received.Count);
        Assert.All(gateway.Received, r => Assert.Equal("/v1/jobs", r.Path));

        gateway.Received.Clear();
        var (byCount, text) = await RunAsync(new LoadOptions { TracePath = trace, Gateway = gateway.Url, ApiKey = "k", Speed = 100, MaxRequests = 4, Mode = LoadMode.Jobs, Progress = false }, ct);
        Assert.Equal(0, byCount);
        Assert.Equal([0, 1, 2, 3], gateway.Received.Select(r => r.Index).Order());
        Assert.DoesNotContain("errors:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryRequestFails_ExitsWithOneAndCountsConnectionErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        var trace = WriteTrace("timestamp_seconds,input_tokens,output_tokens", ["0,10,10", "0.01,10,10"]);
        var closedPort = new Uri("http://127.0.0.1:" + FreeClosedPort().ToString(CultureInfo.InvariantCulture));

        var (exit, text) = await RunAsync(new LoadOptions { TracePath = trace, Gateway = closedPort, ApiKey = "k", Progress = false }, ct);

        Assert.Equal(1, exit);
        Assert.Contains("errors: connection error: 2", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FullCommandLine_ParsesEveryOptionAndReplays()
    {
        var ct = TestContext.Current.CancellationToken;
        var trace = WriteTrace("timestamp_seconds,input_tokens,output_tokens", ["0,10,1", "0.1,10,2", "0.2,10,3"]);
        await using var gateway = await FakeGateway.StartAsync(_ => 202, ct);
        var writer = new StringWriter();
        var root = new RootCommand { LoadCommand.Create(NewConsole(writer)) };
        string[] args =
        [
            "load", "--trace", trace, "--gateway", gateway.Url.ToString(), "--api-key", "k", "--speed", "100", "--duration", "1m",
            "--max-requests", "2", "--mode", "jobs", "--model", "sim-large", "--max-in-flight", "4", "--no-progress",
        ];

        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer }, ct);

        Assert.True(exit == 0, writer.ToString());
        Assert.Equal(2, gateway.Received.Count);
        Assert.All(gateway.Received, r => Assert.Equal(("/v1/jobs", "sim-large"), (r.Path, r.Model)));
    }

    [Theory]
    [InlineData("--gateway", "not-a-url", "--gateway must be an http or https URL")]
    [InlineData("--speed", "0", "--speed must be greater than 0")]
    [InlineData("--duration", "soon", "--duration must be a positive duration")]
    public void Create_BadOption_IsAParseErrorThatSaysWhy(string option, string value, string message)
    {
        var root = new RootCommand { LoadCommand.Create(NewConsole(new StringWriter())) };
        List<string> args = ["load", "--trace", "t.csv", "--gateway", "http://127.0.0.1:1", "--api-key", "k"];
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var parse = root.Parse(args);

        Assert.Contains(parse.Errors, e => e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_UnknownTraceHeader_ExitsWithTwo()
    {
        var ct = TestContext.Current.CancellationToken;
        var trace = WriteTrace("time,in,out", ["0,1,1"]);

        var (exit, text) = await RunAsync(new LoadOptions { TracePath = trace, Gateway = new Uri("http://127.0.0.1:1"), ApiKey = "k", Progress = false }, ct);

        Assert.Equal(2, exit);
        Assert.Contains("unknown trace header", text, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Text)> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var writer = new StringWriter();
        using var http = new HttpClient();
        var exit = await LoadCommand.RunAsync(options, http, NewConsole(writer), TimeProvider.System, cancellationToken);
        return (exit, writer.ToString());
    }

    private static IAnsiConsole NewConsole(StringWriter writer) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });

    private static int FreeClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string WriteTrace(string header, IEnumerable<string> rows)
    {
        var path = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, header + "\n" + string.Join('\n', rows) + "\n", Encoding.UTF8);
        return path;
    }
}
