using System.ComponentModel.DataAnnotations;

namespace Platform.Operator.Dashboard;

/// <summary>The live dashboard's sampling (configuration section <c>Dashboard</c>).</summary>
internal sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>How often the platform, queues and policies are sampled for the charts. Default: 2s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How far back the charts reach. Default: 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The window OTLP rates and percentiles are computed over. Default: 30s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:15:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The queue shown as the platform's queue (and read for workers) when no policy names one. Default: <c>llm:jobs</c>.</summary>
    [Required]
    public string DefaultStream { get; set; } = "llm:jobs";

    /// <summary>The consumer group of <see cref="DefaultStream"/>. Default: <c>workers</c>.</summary>
    [Required]
    public string DefaultConsumerGroup { get; set; } = "workers";
}
