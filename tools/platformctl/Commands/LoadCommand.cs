using System.CommandLine;
using System.Globalization;
using Platform.Cli.Load;
using Platform.Cli.Simulation;
using Platform.Scaling.Policy;
using Spectre.Console;

namespace Platform.Cli.Commands;

/// <summary><c>platformctl load</c>: replay a trace's arrival times and token sizes against a running gateway.</summary>
internal static class LoadCommand
{
    public static Command Create(IAnsiConsole? console = null)
    {
        var trace = new Option<FileInfo>("--trace") { Description = "Trace CSV: Azure (TIMESTAMP,ContextTokens,GeneratedTokens) or generic (timestamp_seconds,input_tokens,output_tokens).", Required = true };
        var gateway = new Option<Uri>("--gateway")
        {
            Description = "The gateway's base URL, e.g. http://127.0.0.1:5080.",
            Required = true,
            CustomParser = result => Uri.TryCreate(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Fail<Uri>(result, "--gateway must be an http or https URL such as http://127.0.0.1:5080"),
        };
        var apiKey = new Option<string>("--api-key") { Description = "API key sent as 'Authorization: Bearer'.", Required = true };
        var speed = new Option<double>("--speed") { Description = "Replay speed: 5 sends the trace's requests five times faster.", DefaultValueFactory = _ => 1 };
        var duration = new Option<Duration>("--duration")
        {
            Description = "Stop sending after this long, e.g. 2m.",
            DefaultValueFactory = _ => Duration.FromSeconds(120),
            CustomParser = result => Duration.TryParse(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, out var d) && d.TotalSeconds > 0
                ? d
                : Fail<Duration>(result, "--duration must be a positive duration such as 2m"),
        };
        var maxRequests = new Option<int>("--max-requests") { Description = "Send at most this many requests.", DefaultValueFactory = _ => 10_000 };
        var mode = new Option<LoadMode>("--mode") { Description = "chat: POST /v1/chat/completions (non-streaming); jobs: POST /v1/jobs.", DefaultValueFactory = _ => LoadMode.Chat };
        var model = new Option<string>("--model") { Description = "The model to ask for.", DefaultValueFactory = _ => "sim-small" };
        var maxInFlight = new Option<int>("--max-in-flight") { Description = "Requests outstanding at once (sending waits beyond it).", DefaultValueFactory = _ => 512 };
        var noProgress = new Option<bool>("--no-progress") { Description = "Do not draw a progress bar." };

        speed.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and <= 10_000))
            {
                result.AddError("--speed must be greater than 0 and at most 10000.");
            }
        });
        maxRequests.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000_000)
            {
                result.AddError("--max-requests must be between 1 and 10000000.");
            }
        });
        maxInFlight.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 10_000)
            {
                result.AddError("--max-in-flight must be between 1 and 10000.");
            }
        });

        var command = new Command("load", "Replay a trace's arrival times and token sizes against a running gateway and summarise latency and errors.")
        {
            trace, gateway, apiKey, speed, duration, maxRequests, mode, model, maxInFlight, noProgress,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new LoadOptions
            {
                TracePath = parse.GetRequiredValue(trace).FullName,
                Gateway = parse.GetRequiredValue(gateway),
                ApiKey = parse.GetRequiredValue(apiKey),
                Speed = parse.GetValue(speed),
                Duration = parse.GetValue(duration).Value,
                MaxRequests = parse.GetValue(maxRequests),
                Mode = parse.GetValue(mode),
                Model = parse.GetValue(model) ?? "sim-small",
                MaxInFlight = parse.GetValue(maxInFlight),
                Progress = !parse.GetValue(noProgress),
            };
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan };
            return await RunAsync(options, http, console ?? AnsiConsole.Console, TimeProvider.System, cancellationToken);
        });
        return command;
    }

    /// <summary>Runs the replay; returns the exit code (0 some requests succeeded, 1 none did, 2 bad input).</summary>
    public static async Task<int> RunAsync(LoadOptions options, HttpClient http, IAnsiConsole console, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!options.Gateway.IsAbsoluteUri || options.Gateway.Scheme is not ("http" or "https"))
        {
            console.MarkupLine("[red]error:[/] --gateway must be an http or https URL.");
            return 2;
        }

        TraceRequests requests;
        try
        {
            requests = TraceReader.Read(options.TracePath);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return 2;
        }

        var gateway = options.Gateway.AbsoluteUri.EndsWith('/') ? options.Gateway : new Uri(options.Gateway.AbsoluteUri + "/");
        options = options with { Gateway = gateway };
        var plan = LoadPlan.Build(requests, options.Speed, options.Duration, options.MaxRequests);
        var span = plan.Count == 0 ? TimeSpan.Zero : plan[^1].Offset;
        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Replaying {plan.Count:N0} of {requests.Count:N0} requests from {Path.GetFileName(options.TracePath)} ({requests.Format}) at {options.Speed:0.##}x over {span.TotalSeconds:0.#} s to {gateway}{(options.Mode == LoadMode.Jobs ? "v1/jobs" : "v1/chat/completions")}.")));

        var runner = new LoadRunner(http, options, timeProvider);
        var started = timeProvider.GetTimestamp();
        IReadOnlyList<RequestOutcome> outcomes;
        if (options.Progress && console.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            outcomes = await console.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var sentTask = ctx.AddTask("sent", maxValue: Math.Max(plan.Count, 1));
                    var doneTask = ctx.AddTask("answered", maxValue: Math.Max(plan.Count, 1));
                    var run = runner.RunAsync(plan, n => sentTask.Value = n, cancellationToken);
                    while (!run.IsCompleted)
                    {
                        doneTask.Value = runner.Completed;
                        await Task.WhenAny(run, Task.Delay(200, CancellationToken.None));
                    }

                    doneTask.Value = runner.Completed;
                    return await run;
                });
        }
        else
        {
            outcomes = await runner.RunAsync(plan, null, cancellationToken);
        }

        var summary = LoadSummary.From(plan.Count, outcomes, timeProvider.GetElapsedTime(started));
        Write(console, summary);
        return summary.Succeeded > 0 || plan.Count == 0 ? 0 : 1;
    }

    private static void Write(IAnsiConsole console, LoadSummary summary)
    {
        var table = new Table().AddColumns("requests", "sent", "ok", "failed", "p50", "p95", "p99", "elapsed");
        table.AddRow(
            summary.Planned.ToString("N0", CultureInfo.InvariantCulture),
            summary.Sent.ToString("N0", CultureInfo.InvariantCulture),
            summary.Succeeded.ToString("N0", CultureInfo.InvariantCulture),
            summary.Failed.ToString("N0", CultureInfo.InvariantCulture),
            Milliseconds(summary.P50),
            Milliseconds(summary.P95),
            Milliseconds(summary.P99),
            summary.Elapsed.TotalSeconds.ToString("0.0 s", CultureInfo.InvariantCulture));
        console.Write(table);
        if (summary.Errors.Count > 0)
        {
            console.MarkupLine(Markup.Escape("errors: " + string.Join(", ", summary.Errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Key}: {e.Value:N0}")))));
        }
    }

    private static string Milliseconds(TimeSpan? value) =>
        value is { } v ? v.TotalMilliseconds.ToString("0 ms", CultureInfo.InvariantCulture) : "-";

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
