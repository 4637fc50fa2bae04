using Platform.Testing;

namespace Platform.SystemTests.Infrastructure;

/// <summary>What a <see cref="PlatformRun"/> configures beyond its defaults (keys use <c>:</c>; they become <c>__</c> environment variables).</summary>
internal sealed class PlatformSettings
{
    /// <summary>The models the gateway accepts (the workers must serve them). Default <c>sim-small</c>.</summary>
    public List<string> Models { get; init; } = ["sim-small"];

    /// <summary>Settings of gateway and workers alike (e.g. <c>Jobs:*</c>).</summary>
    public Dictionary<string, string?> Common { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Gateway-only settings.</summary>
    public Dictionary<string, string?> Gateway { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Worker-only settings, applied over <see cref="FastWorkerConfiguration.Values"/>.</summary>
    public Dictionary<string, string?> Worker { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Where gateway and workers export OTLP (http/protobuf); null for no export.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>OTEL_METRIC_EXPORT_INTERVAL when exporting. Default 500 ms.</summary>
    public int MetricExportIntervalMilliseconds { get; init; } = 500;
}
