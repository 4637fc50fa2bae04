using System.Globalization;
using System.Text;
using System.Text.Json;
using Platform.Cli.Simulation;

namespace Platform.Cli.Reporting;

/// <summary>Writes report.json, report.md and report.svg for a set of runs.</summary>
internal static class ReportWriter
{
    private static readonly string[] Colors = ["#d62728", "#2ca02c", "#1f77b4", "#9467bd", "#8c564b"];

    public static async Task WriteAsync(string directory, IReadOnlyList<RunResult> runs, string title, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), Json(runs), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(runs, title), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.svg"), Svg(runs, title), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "series.csv"), SeriesCsv(runs), cancellationToken);
    }

    /// <summary>Per-evaluation series of every run: time, arrival rate, then replicas and forecast per run.</summary>
    public static string SeriesCsv(IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder("time_seconds,arrival_rate");
        foreach (var run in runs)
        {
            sb.Append(',').Append(run.Name).Append("_replicas,").Append(run.Name).Append("_forecast");
        }

        sb.Append('\n');
        var rows = runs.Count == 0 ? 0 : runs.Min(r => r.Series.Time.Count);
        for (var i = 0; i < rows; i++)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{runs[0].Series.Time[i]:0.###},{runs[0].Series.ArrivalRate[i]:0.###}");
            foreach (var run in runs)
            {
                var forecast = run.Series.Forecast[i];
                sb.Append(CultureInfo.InvariantCulture, $",{run.Series.Replicas[i]},{(double.IsFinite(forecast) ? forecast.ToString("0.###", CultureInfo.InvariantCulture) : "")}");
            }

            sb.Append('\n');
        }

        return sb.ToString();
    }

    public static string Json(IReadOnlyList<RunResult> runs)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("runs");
            foreach (var run in runs)
            {
                writer.WriteStartObject();
                writer.WriteString("name", run.Name);
                writer.WriteNumber("requests", run.Requests);
                writer.WriteNumber("sloWaitSeconds", run.SloWaitSeconds);
                writer.WriteNumber("sloAttainment", Math.Round(run.SloAttainment, 6));
                writer.WriteNumber("waitP50", Finite(run.WaitP50));
                writer.WriteNumber("waitP95", Finite(run.WaitP95));
                writer.WriteNumber("waitP99", Finite(run.WaitP99));
                writer.WriteNumber("violatingMinutes", run.ViolatingMinutes);
                writer.WriteNumber("replicaSeconds", run.ReplicaSeconds);
                writer.WriteNumber("scaleActions", run.ScaleActions);
                writer.WriteNumber("maxReplicas", run.MaxReplicas);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string Markdown(IReadOnlyList<RunResult> runs, string title)
    {
        var sb = new StringBuilder();
        sb.Append("# Simulation report\n\n").Append(title).Append("\n\n");
        sb.Append("| run | requests | SLO wait (s) | SLO attainment | wait p50 (s) | wait p95 (s) | wait p99 (s) | violating minutes | replica-seconds | scale actions | max replicas |\n");
        sb.Append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var r in runs)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Requests} | {r.SloWaitSeconds:0.###} | {r.SloAttainment * 100:0.00}% | {r.WaitP50:0.###} | {r.WaitP95:0.###} | {r.WaitP99:0.###} | {r.ViolatingMinutes} | {r.ReplicaSeconds:0} | {r.ScaleActions} | {r.MaxReplicas} |\n");
        }

        if (runs.FirstOrDefault(r => r.Name == "oracle") is { ReplicaSeconds: > 0 } oracle)
        {
            sb.Append("\nReplica-seconds relative to the oracle: ");
            sb.Append(string.Join(", ", runs.Where(r => r != oracle).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.ReplicaSeconds / oracle.ReplicaSeconds:0.000}×"))));
            sb.Append('\n');
        }

        foreach (var r in runs.Where(r => r.ViolatingMinuteIndices.Count > 0))
        {
            sb.Append(CultureInfo.InvariantCulture, $"\n{r.Name}: violating minutes (from the first arrival): {string.Join(", ", r.ViolatingMinuteIndices.Take(50))}{(r.ViolatingMinuteIndices.Count > 50 ? ", ..." : "")}\n");
        }

        sb.Append("\nA request attains the SLO when its queue wait (arrival to start of service) is within the SLO wait; a violating minute is one whose p95 wait exceeded it. See report.svg for arrival rate, forecast and replicas over time.\n");
        return sb.ToString();
    }

    /// <summary>A hand-written SVG: arrival rate and forecast (left axis, req/s) and replicas per run (right axis).</summary>
    public static string Svg(IReadOnlyList<RunResult> runs, string title)
    {
        const int Width = 1100, Height = 480, Left = 60, Right = 60, Top = 40, Bottom = 50;
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        var basis = runs.FirstOrDefault(r => r.Series.Time.Count > 0);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\">{Escape(title)}</text>\n");
        if (basis is null)
        {
            return sb.Append("</svg>\n").ToString();
        }

        var tMax = Math.Max(1, basis.Series.Time[^1]);
        var step = Math.Max(1, basis.Series.Time.Count / 1500);
        var rateSmoothed = Smooth(basis.Series.ArrivalRate, Math.Max(1, (int)Math.Round(30 / Math.Max(1e-9, tMax / basis.Series.Time.Count))));
        var rateMax = Math.Max(1, Math.Max(rateSmoothed.Max(), runs.SelectMany(r => r.Series.Forecast).Where(double.IsFinite).DefaultIfEmpty(0).Max())) * 1.1;
        var replicaMax = Math.Max(1, runs.Max(r => r.MaxReplicas)) * 1.1;
        string X(double t) => (Left + (t / tMax * plotW)).ToString("0.#", CultureInfo.InvariantCulture);
        string YRate(double v) => (Top + plotH - (v / rateMax * plotH)).ToString("0.#", CultureInfo.InvariantCulture);
        string YRep(double v) => (Top + plotH - (v / replicaMax * plotH)).ToString("0.#", CultureInfo.InvariantCulture);

        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"none\" stroke=\"#999\"/>\n");
        for (var k = 0; k <= 5; k++)
        {
            var v = rateMax / 1.1 * k / 5;
            var r = replicaMax / 1.1 * k / 5;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{YRate(v)}\" text-anchor=\"end\">{v:0.#}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 6}\" y=\"{YRep(r)}\">{r:0.#}</text>\n");
        }

        for (var k = 0; k <= 6; k++)
        {
            var t = tMax * k / 6;
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(t)}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{t / 60:0}m</text>\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"14\" y=\"{Top + (plotH / 2)}\" transform=\"rotate(-90 14 {Top + (plotH / 2)})\" text-anchor=\"middle\">requests/s</text>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 12}\" y=\"{Top + (plotH / 2)}\" transform=\"rotate(90 {Width - 12} {Top + (plotH / 2)})\" text-anchor=\"middle\">replicas</text>\n");
        Polyline(sb, basis.Series.Time, rateSmoothed, step, X, YRate, "#bbbbbb", "2", null);
        var legend = new List<(string Label, string Color, string? Dash)> { ("arrival rate (30 s mean)", "#bbbbbb", null) };
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var color = Colors[i % Colors.Length];
            if (run.Series.Forecast.Any(double.IsFinite))
            {
                Polyline(sb, run.Series.Time, run.Series.Forecast, step, X, YRate, color, "1", "4 3");
                legend.Add(($"{run.Name} forecast (req/s)", color, "4 3"));
            }

            Polyline(sb, run.Series.Time, run.Series.Replicas.Select(v => (double)v).ToList(), step, X, YRep, color, "1.5", null);
            legend.Add(($"{run.Name} replicas", color, null));
        }

        for (var i = 0; i < legend.Count; i++)
        {
            var (label, color, dash) = legend[i];
            var x = Left + 10 + (i % 4 * 250);
            var y = Height - 14 - ((legend.Count - 1) / 4 * 14) + (i / 4 * 14);
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"{y - 4}\" x2=\"{x + 20}\" y2=\"{y - 4}\" stroke=\"{color}\" stroke-width=\"2\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/><text x=\"{x + 25}\" y=\"{y}\">{Escape(label)}</text>\n");
        }

        return sb.Append("</svg>\n").ToString();
    }

    private static void Polyline(StringBuilder sb, List<double> time, IReadOnlyList<double> values, int step, Func<double, string> x, Func<double, string> y, string color, string width, string? dash)
    {
        var points = new StringBuilder();
        for (var i = 0; i < time.Count; i += step)
        {
            if (double.IsFinite(values[i]))
            {
                points.Append(x(time[i])).Append(',').Append(y(values[i])).Append(' ');
            }
        }

        if (points.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")} points=\"{points.ToString().TrimEnd()}\"/>\n");
        }
    }

    private static double[] Smooth(List<double> values, int window)
    {
        var result = new double[values.Count];
        double sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }

    private static double Finite(double value) => double.IsFinite(value) ? value : 1e9;

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
