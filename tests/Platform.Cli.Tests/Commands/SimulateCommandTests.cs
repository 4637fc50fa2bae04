using System.CommandLine;
using System.Text.Json;
using System.Xml.Linq;
using Platform.Cli.Commands;
using Spectre.Console;

namespace Platform.Cli.Tests.Commands;

public sealed class SimulateCommandTests
{
    private static readonly string[] ReportFields =
        ["name", "requests", "sloWaitSeconds", "sloAttainment", "waitP50", "waitP95", "waitP99", "violatingMinutes", "replicaSeconds", "scaleActions", "maxReplicas"];

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No });
        console.Profile.Width = 200;
        var root = new RootCommand { SimulateCommand.Create(console) };
        var exit = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = writer, Error = writer }, TestContext.Current.CancellationToken);
        return (exit, writer.ToString());
    }

    private static string SliceOfAzureTrace(TempDirectory dir, int requests)
    {
        var trace = RepositoryPaths.AzureTrace();
        Assert.SkipWhen(trace is null, "shared trace ../shared/traces/AzureLLMInferenceTrace_conv.csv not found next to the repository");
        var slice = dir.File("slice.csv");
        File.WriteAllLines(slice, File.ReadLines(trace!).Take(requests + 1));
        return slice;
    }

    [Fact]
    public async Task Simulate_SliceOfAzureTrace_WritesReportWithHybridAtLeastReactive()
    {
        using var dir = new TempDirectory();
        var slice = SliceOfAzureTrace(dir, 5000);
        var report = dir.File("report");

        // A tight 1 s SLO on the first 5,000 requests (about 15 minutes, the rate ramping up) separates the runs.
        var (exit, output) = await RunAsync("simulate", "--trace", slice, "--policy", RepositoryPaths.Example("scalepolicy-hybrid.yaml"),
            "--slo-wait", "1s", "--compare", "reactive,predictive,hybrid,oracle", "--report", report);

        Assert.True(exit == 0, output);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(report, "report.json"), TestContext.Current.CancellationToken));
        var runs = json.RootElement.GetProperty("runs").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(["reactive", "predictive", "hybrid", "oracle"], runs.Keys);
        foreach (var run in runs.Values)
        {
            Assert.Equal(ReportFields, run.EnumerateObject().Select(p => p.Name));
            Assert.Equal(5000, run.GetProperty("requests").GetInt32());
            Assert.Equal(1.0, run.GetProperty("sloWaitSeconds").GetDouble());
            Assert.InRange(run.GetProperty("sloAttainment").GetDouble(), 0, 1);
            Assert.True(run.GetProperty("waitP50").GetDouble() <= run.GetProperty("waitP95").GetDouble());
            Assert.True(run.GetProperty("waitP95").GetDouble() <= run.GetProperty("waitP99").GetDouble());
            Assert.True(run.GetProperty("replicaSeconds").GetDouble() > 0);
            Assert.True(run.GetProperty("maxReplicas").GetInt32() >= 1);
        }

        Assert.True(
            runs["hybrid"].GetProperty("sloAttainment").GetDouble() >= runs["reactive"].GetProperty("sloAttainment").GetDouble(),
            "hybrid should attain at least what reactive attains");
        var markdown = await File.ReadAllTextAsync(Path.Combine(report, "report.md"), TestContext.Current.CancellationToken);
        Assert.Contains("| hybrid | 5000 |", markdown, StringComparison.Ordinal);
        var svg = XDocument.Load(Path.Combine(report, "report.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.True(svg.Descendants().Count(e => e.Name.LocalName == "polyline") >= 5, "arrival rate, forecasts and replicas per run");
        Assert.Contains("hybrid", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_SameInputsTwice_GivesIdenticalReport()
    {
        using var dir = new TempDirectory();
        var slice = SliceOfAzureTrace(dir, 1500);

        await RunAsync("simulate", "--trace", slice, "--policy", RepositoryPaths.Example("scalepolicy-hybrid.yaml"), "--compare", "hybrid,oracle", "--report", dir.File("a"));
        await RunAsync("simulate", "--trace", slice, "--policy", RepositoryPaths.Example("scalepolicy-hybrid.yaml"), "--compare", "hybrid,oracle", "--report", dir.File("b"));

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir.File("a"), "report.json"), TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync(Path.Combine(dir.File("b"), "report.json"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Simulate_InvalidPolicy_ExitsWithFieldPaths()
    {
        using var dir = new TempDirectory();
        var policy = dir.File("bad.yaml");
        var yaml = (await File.ReadAllTextAsync(RepositoryPaths.Example("scalepolicy-reactive.yaml"), TestContext.Current.CancellationToken))
            .Replace("maxReplicas: 50", "maxReplicas: 0", StringComparison.Ordinal)
            .Replace("targetPerReplica: 8", "targetPerReplica: -8", StringComparison.Ordinal);
        await File.WriteAllTextAsync(policy, yaml, TestContext.Current.CancellationToken);
        var trace = dir.File("t.csv");
        await File.WriteAllTextAsync(trace, "timestamp_seconds,input_tokens,output_tokens\n0,10,10\n", TestContext.Current.CancellationToken);

        var (exit, output) = await RunAsync("simulate", "--trace", trace, "--policy", policy, "--report", dir.File("r"));

        Assert.Equal(2, exit);
        Assert.Contains("spec.maxReplicas: must be between 1 and 10000", output, StringComparison.Ordinal);
        Assert.Contains("spec.metrics[0].targetPerReplica: must be > 0", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("r")));
    }

    [Theory]
    // Unknown run names and a malformed SLO are parse errors, reported before anything runs.
    [InlineData("--compare", "reactive,magic")]
    [InlineData("--slo-wait", "soon")]
    public async Task Simulate_BadOption_FailsToParse(string option, string value)
    {
        using var dir = new TempDirectory();

        var (exit, _) = await RunAsync("simulate", "--trace", "x.csv", "--policy", "p.yaml", "--report", dir.File("r"), option, value);

        Assert.NotEqual(0, exit);
    }
}
