using System.ComponentModel.DataAnnotations;

namespace Platform.Operator;

/// <summary>Settings of the ScalePolicy operator (section <c>Operator</c>; the command line maps onto it).</summary>
public sealed class OperatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Operator";

    /// <summary>Local mode: the directory of ScalePolicy YAML files (<c>--local DIR</c>). Default: none (cluster mode).</summary>
    public string? LocalDirectory { get; set; }

    /// <summary>Local mode: the base URL of the HTTP scale target (<c>--scale-target URL</c>). Default: none.</summary>
    public Uri? ScaleTarget { get; set; }

    /// <summary>Cluster mode: the only namespace to watch (<c>--namespace NS</c>). Default: all namespaces.</summary>
    public string? Namespace { get; set; }

    /// <summary>Name of the coordination.k8s.io Lease used for leader election. Default: <c>llm-platform-operator</c>.</summary>
    [Required]
    public string LeaseName { get; set; } = "llm-platform-operator";

    /// <summary>Namespace of the Lease. Default: <c>POD_NAMESPACE</c>, else the kubeconfig's namespace, else <c>default</c>.</summary>
    public string? LeaseNamespace { get; set; }

    /// <summary>This instance's identity in leader election and events. Default: <c>POD_NAME</c>, else the host name plus a random suffix.</summary>
    public string? Identity { get; set; }

    /// <summary>Leader election timings (client-go defaults). Default: 15s lease, 10s renew deadline, 2s retry.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it steps down. Default: 10s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates retry and the leader renews. Default: 2s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one metric read may take before it counts as a failure. Default: 5s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan MetricTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The window OTLP statistics are computed over (rate, percentiles, average, latest). Default: 60s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan OtlpWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Decisions, metric samples and events kept per policy for <c>GET /api/policies</c>. Default: 120.</summary>
    [Range(1, 10_000)]
    public int HistoryLength { get; set; } = 120;

    /// <summary>How long shutdown waits for in-flight reconciles to finish. Default: 10s.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the scheduler looks for due policies (and local mode for changed files). Default: 50ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:10")]
    public TimeSpan SchedulerTick { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Whether local mode is configured.</summary>
    public bool IsLocal => !string.IsNullOrWhiteSpace(LocalDirectory);
}
