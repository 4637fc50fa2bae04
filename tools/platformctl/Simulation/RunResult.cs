namespace Platform.Cli.Simulation;

/// <summary>The figures of one simulation run (the report.json fields) and its time series for the plot.</summary>
internal sealed record RunResult
{
    public required string Name { get; init; }

    public required long Requests { get; init; }

    public required double SloWaitSeconds { get; init; }

    /// <summary>Fraction of requests whose queue wait was within the SLO.</summary>
    public required double SloAttainment { get; init; }

    public required double WaitP50 { get; init; }

    public required double WaitP95 { get; init; }

    public required double WaitP99 { get; init; }

    /// <summary>Minutes (by arrival) whose p95 wait exceeded the SLO.</summary>
    public required int ViolatingMinutes { get; init; }

    /// <summary>The violating minutes, counted from the first arrival.</summary>
    public IReadOnlyList<long> ViolatingMinuteIndices { get; init; } = [];

    /// <summary>Integral of provisioned (starting + ready) replicas over the run.</summary>
    public required double ReplicaSeconds { get; init; }

    public required int ScaleActions { get; init; }

    public required int MaxReplicas { get; init; }

    /// <summary>Wall-clock seconds the run took (not in report.json).</summary>
    public double WallSeconds { get; init; }

    /// <summary>Per-evaluation samples: simulated time (s), arrival rate (req/s), replicas, forecast (req/s or NaN).</summary>
    public required SeriesData Series { get; init; }
}
