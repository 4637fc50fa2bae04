namespace Platform.Cli.Commands;

/// <summary>The parsed arguments of <c>platformctl simulate</c>.</summary>
internal sealed record SimulateOptions
{
    public required string TracePath { get; init; }

    public required string PolicyPath { get; init; }

    public string? ProfilePath { get; init; }

    public double SloWaitSeconds { get; init; } = 5;

    public IReadOnlyList<string> Compare { get; init; } = ["reactive", "predictive", "hybrid", "oracle"];

    public required string ReportDirectory { get; init; }

    /// <summary>Tile the trace this many times (for long replays and benchmarks). Default: 1.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Replay only the first N requests (after tiling). Default: all.</summary>
    public int? Limit { get; init; }

    /// <summary>Show a progress bar (only on an interactive terminal). Default: true.</summary>
    public bool Progress { get; init; } = true;

    /// <summary>After the runs, time a warm plain read of the trace repeated <see cref="Repeat"/> times (benchmark baseline).</summary>
    public bool MeasureRead { get; init; }
}
