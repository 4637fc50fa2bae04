using System.Diagnostics;

namespace Platform.Worker.Telemetry;

/// <summary>The worker's activity source (exported with every <c>Platform.*</c> source).</summary>
internal static class WorkerTelemetry
{
    public const string Name = "Platform.Worker";

    public static readonly ActivitySource ActivitySource = new(Name);
}
