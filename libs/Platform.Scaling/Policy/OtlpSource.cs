using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>A metric pushed to the operator's OTLP receiver, reduced to one number by a statistic.</summary>
public sealed class OtlpSource
{
    /// <summary>The allowed statistics.</summary>
    public static readonly IReadOnlyList<string> Statistics = ["avg", "sum", "rate", "max", "p50", "p90", "p95", "p99"];

    /// <summary>Metric name, e.g. <c>gen_ai.client.operation.duration</c>. Required.</summary>
    [Required]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    /// <summary>One of avg, sum, rate, max, p50, p90, p95, p99. Default: avg.</summary>
    [AllowedValues("avg", "sum", "rate", "max", "p50", "p90", "p95", "p99")]
    [JsonPropertyName("statistic")]
    public string Statistic { get; set; } = "avg";

    /// <summary>Only data points with all these attributes count. Default: all data points.</summary>
    [JsonPropertyName("attributes")]
    public Dictionary<string, string>? Attributes { get; set; }
}
