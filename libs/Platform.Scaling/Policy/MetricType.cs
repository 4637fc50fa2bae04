using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>The kind of metric a ScalePolicy scales on.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MetricType>))]
public enum MetricType
{
    /// <summary>Redis stream lag plus pending entries of a consumer group; per-replica target.</summary>
    QueueBacklog,

    /// <summary>Requests arriving per second; per-replica target or the measured service rate.</summary>
    ArrivalRate,

    /// <summary>Any metric pushed to the operator over OTLP.</summary>
    Otlp,

    /// <summary>The scalar result of a PromQL query.</summary>
    Prometheus,
}
