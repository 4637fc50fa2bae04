using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Platform.Cli.Reporting;
using Platform.Cli.Simulation;
using Platform.Scaling.Policy;
using Spectre.Console;

namespace Platform.Cli.Commands;

/// <summary><c>platformctl simulate</c>: backtest a ScalePolicy against a recorded trace.</summary>
internal static class SimulateCommand
{
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    public static Command Create(IAnsiConsole? console = null)
    {
        var trace = new Option<FileInfo>("--trace") { Description = "Trace CSV: Azure (TIMESTAMP,ContextTokens,GeneratedTokens) or generic (timestamp_seconds,input_tokens,output_tokens).", Required = true };
        var policy = new Option<FileInfo>("--policy") { Description = "ScalePolicy YAML, as applied with kubectl.", Required = true };
        var profile = new Option<FileInfo?>("--profile") { Description = "Cluster profile YAML (start-up delay, concurrency, service times); defaults documented in docs/simulator.md." };
        var sloWait = new Option<Duration>("--slo-wait")
        {
            Description = "Queue-wait SLO per request, e.g. 5s.",
            DefaultValueFactory = _ => Duration.FromSeconds(5),
            CustomParser = result => Duration.TryParse(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, out var d) && d.TotalSeconds > 0
                ? d
                : Fail<Duration>(result, "--slo-wait must be a positive duration such as 5s"),
        };
        var compare = new Option<string>("--compare") { Description = "Runs to compare: any of reactive,predictive,hybrid,oracle.", DefaultValueFactory = _ => "reactive,predictive,hybrid,oracle" };
        var report = new Option<DirectoryInfo>("--report") { Description = "Directory for report.json, report.md and report.svg.", Required = true };
        var repeat = new Option<int>("--repeat") { Description = "Tile the trace this many times back to back.", DefaultValueFactory = _ => 1 };
        var limit = new Option<int?>("--limit") { Description = "Replay only the first N requests." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not draw a progress bar." };
        var measureRead = new Option<bool>("--measure-read") { Description = "Benchmark baseline: after the runs, time a plain warm read of the trace file repeated --repeat times (timing.json)." };

        compare.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? "";
            foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse<RunKind>(name, ignoreCase: true, out _))
                {
                    result.AddError($"--compare: unknown run '{name}' (use reactive, predictive, hybrid, oracle).");
                }
            }
        });
        repeat.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--repeat must be between 1 and 10000.");
            }
        });

        var command = new Command("simulate", "Replay a trace through a ScalePolicy on a simulated cluster and report SLO attainment and cost.")
        {
            trace, policy, profile, sloWait, compare, report, repeat, limit, noProgress, measureRead,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SimulateOptions
            {
                TracePath = parse.GetRequiredValue(trace).FullName,
                PolicyPath = parse.GetRequiredValue(policy).FullName,
                ProfilePath = parse.GetValue(profile)?.FullName,
                SloWaitSeconds = parse.GetValue(sloWait).TotalSeconds,
                Compare = (parse.GetValue(compare) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                ReportDirectory = parse.GetRequiredValue(report).FullName,
                Repeat = parse.GetValue(repeat),
                Limit = parse.GetValue(limit),
                Progress = !parse.GetValue(noProgress),
                MeasureRead = parse.GetValue(measureRead),
            };
            return await RunAsync(options, console ?? AnsiConsole.Console, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the simulation; returns the process exit code (0 ok, 2 bad input).</summary>
    public static async Task<int> RunAsync(SimulateOptions options, IAnsiConsole console, CancellationToken cancellationToken)
    {
        V1Alpha1ScalePolicy policy;
        ClusterProfile profile;
        TraceRequests requests;
        long readStarted = 0;
        try
        {
            policy = ScalePolicyYaml.Parse(await File.ReadAllTextAsync(options.PolicyPath, cancellationToken));
            var problems = ScalePolicyValidator.Validate(policy);
            if (problems.Count > 0)
            {
                console.MarkupLine($"[red]{Markup.Escape(options.PolicyPath)} is not a valid ScalePolicy:[/]");
                foreach (var problem in problems)
                {
                    console.MarkupLine($"  {Markup.Escape(problem.ToString())}");
                }

                return 2;
            }

            profile = options.ProfilePath is null ? new ClusterProfile() : ClusterProfile.Parse(await File.ReadAllTextAsync(options.ProfilePath, cancellationToken));
            readStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            requests = TraceReader.Read(options.TracePath);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        var readSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(readStarted).TotalSeconds;
        var fileRequests = requests.Count;
        requests = requests.Repeat(options.Repeat);
        if (options.Limit is { } max)
        {
            requests = requests.Take(max);
        }

        var skipped = policy.Spec.Metrics.Where(m => !Simulator.IsSimulated(m)).Select(m => m.Type.ToString()).ToList();
        if (skipped.Count > 0)
        {
            console.MarkupLine($"[yellow]note:[/] the simulator produces QueueBacklog and ArrivalRate only; ignoring {Markup.Escape(string.Join(", ", skipped))} metric(s).");
        }

        if (policy.Spec.Metrics.All(m => !Simulator.IsSimulated(m)))
        {
            console.MarkupLine("[red]error:[/] the policy has no QueueBacklog or ArrivalRate metric to simulate.");
            return 2;
        }

        var kinds = options.Compare.Select(name => Enum.Parse<RunKind>(name, ignoreCase: true)).Distinct().ToList();
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Trace {Path.GetFileName(options.TracePath)} ({requests.Format}): {requests.Count:N0} requests over {requests.Duration / 60:0.#} min; profile: {profile}; SLO wait {options.SloWaitSeconds}s.")));
        var simulator = new Simulator(requests, profile, policy.Spec, options.SloWaitSeconds);
        var results = new List<RunResult>();
        var interactive = options.Progress && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
        if (interactive)
        {
            await console.Progress().StartAsync(async ctx =>
            {
                foreach (var kind in kinds)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var task = ctx.AddTask(kind.ToString().ToLowerInvariant(), maxValue: 1);
                    results.Add(await Task.Run(() => simulator.Run(kind, p => task.Value = p), cancellationToken));
                }
            });
        }
        else
        {
            foreach (var kind in kinds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results.Add(simulator.Run(kind));
            }
        }

        var title = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(options.TracePath)} × {options.Repeat}: {requests.Count:N0} requests, policy {policy.Metadata.Name ?? Path.GetFileName(options.PolicyPath)}, SLO wait {options.SloWaitSeconds}s");
        await ReportWriter.WriteAsync(options.ReportDirectory, results, title, cancellationToken);
        if (options.MeasureRead)
        {
            // Warm baseline: read and parse the same trace file as many times as it was tiled.
            var warmStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            for (var i = 0; i < options.Repeat; i++)
            {
                TraceReader.Read(options.TracePath);
            }

            fileRequests *= options.Repeat;
            readSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(warmStarted).TotalSeconds;
        }

        await WriteTimingAsync(options.ReportDirectory, fileRequests, readSeconds, results, cancellationToken);
        console.Write(ToTable(results));
        var totalWall = results.Sum(r => r.WallSeconds);
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Replayed {results.Sum(r => r.Requests):N0} requests in {totalWall:0.00}s of wall-clock time ({results.Sum(r => r.Requests) / Math.Max(totalWall, 1e-9):N0} requests/s); trace read {fileRequests:N0} requests in {readSeconds:0.000}s. Report: {options.ReportDirectory}")));
        return 0;
    }

    private static Table ToTable(IReadOnlyList<RunResult> results)
    {
        var table = new Table().AddColumns("run", "requests", "SLO attainment", "p50 wait", "p95 wait", "p99 wait", "violating min", "replica-s", "scale actions", "max replicas");
        foreach (var r in results)
        {
            table.AddRow(
                r.Name,
                r.Requests.ToString("N0", CultureInfo.InvariantCulture),
                (r.SloAttainment * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%",
                r.WaitP50.ToString("0.###", CultureInfo.InvariantCulture),
                r.WaitP95.ToString("0.###", CultureInfo.InvariantCulture),
                r.WaitP99.ToString("0.###", CultureInfo.InvariantCulture),
                r.ViolatingMinutes.ToString(CultureInfo.InvariantCulture),
                r.ReplicaSeconds.ToString("0", CultureInfo.InvariantCulture),
                r.ScaleActions.ToString(CultureInfo.InvariantCulture),
                r.MaxReplicas.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static async Task WriteTimingAsync(string directory, int fileRequests, double readSeconds, IReadOnlyList<RunResult> results, CancellationToken cancellationToken)
    {
        var timing = new
        {
            traceFileRequests = fileRequests,
            traceReadSeconds = Math.Round(readSeconds, 4),
            traceReadRequestsPerSecond = Math.Round(fileRequests / Math.Max(readSeconds, 1e-9)),
            runs = results.Select(r => new { name = r.Name, requests = r.Requests, wallSeconds = Math.Round(r.WallSeconds, 4), requestsPerSecond = Math.Round(r.Requests / Math.Max(r.WallSeconds, 1e-9)) }),
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "timing.json"), JsonSerializer.Serialize(timing, IndentedJson), cancellationToken);
    }

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
