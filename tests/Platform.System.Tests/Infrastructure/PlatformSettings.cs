namespace Platform.SystemTests.Infrastructure;

/// <summary>What a <see cref="PlatformRun"/> configures beyond its defaults (keys use <c>:</c>; they become <c>__</c> environment variables).</summary>
internal sealed class PlatformSettings
{
    /// <summary>
    /// Worker settings of every run: short intervals, and one fast, seeded simulated provider <c>sim</c> serving
    /// <c>sim-small</c> (0.5 / 2 USD per million input / output tokens).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> FastWorker { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Worker:BlockTime"] = "00:00:00.200",
        ["Worker:PromoteInterval"] = "00:00:00.100",
        ["Worker:HeartbeatInterval"] = "00:00:00.200",
        ["Worker:ReclaimInterval"] = "00:00:00.500",
        ["Worker:Providers:sim:Type"] = "Simulated",
        ["Worker:Providers:sim:Simulated:Seed"] = "7",
        ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.005",
        ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.001",
        ["Worker:Models:sim-small:Provider"] = "sim",
        ["Worker:Models:sim-small:InputPricePer1M"] = "0.5",
        ["Worker:Models:sim-small:OutputPricePer1M"] = "2",
    };

    /// <summary>The models the gateway accepts (the workers must serve them). Default <c>sim-small</c>.</summary>
    public List<string> Models { get; init; } = ["sim-small"];

    /// <summary>Settings of gateway and workers alike (e.g. <c>Jobs:*</c>).</summary>
    public Dictionary<string, string?> Common { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gateway-only settings.</summary>
    public Dictionary<string, string?> Gateway { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Worker-only settings, applied over <see cref="FastWorker"/>.</summary>
    public Dictionary<string, string?> Worker { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Where gateway and workers export OTLP (http/protobuf); null for no export.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>OTEL_METRIC_EXPORT_INTERVAL when exporting. Default 500 ms.</summary>
    public int MetricExportIntervalMilliseconds { get; init; } = 500;
}
