namespace Platform.Cli.Simulation;

/// <summary>Time series sampled at every evaluation of a run.</summary>
internal sealed class SeriesData
{
    public List<double> Time { get; } = [];

    public List<double> ArrivalRate { get; } = [];

    public List<int> Replicas { get; } = [];

    /// <summary>The forecast the run provisioned for (upper bound), NaN when none.</summary>
    public List<double> Forecast { get; } = [];
}
