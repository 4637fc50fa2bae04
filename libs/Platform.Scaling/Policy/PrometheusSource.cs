using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>A PromQL instant query returning one scalar or a one-element vector.</summary>
public sealed class PrometheusSource
{
    /// <summary>Base address of the Prometheus HTTP API, e.g. <c>http://prometheus:9090</c>. Required.</summary>
    [Required]
    [Url]
    [JsonPropertyName("address")]
    public string Address { get; set; } = "";

    /// <summary>The PromQL query. Required.</summary>
    [Required]
    [JsonPropertyName("query")]
    public string Query { get; set; } = "";
}
