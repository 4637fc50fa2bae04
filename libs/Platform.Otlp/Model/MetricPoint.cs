namespace Platform.Otlp.Model;

/// <summary>One OTLP metric data point flattened together with its metric, scope and resource.</summary>
public sealed record MetricPoint
{
    /// <summary>Metric name, e.g. <c>gen_ai.client.token.usage</c>.</summary>
    public required string Name { get; init; }

    /// <summary>UCUM unit, e.g. <c>s</c> or <c>{token}</c>; empty when not given.</summary>
    public string Unit { get; init; } = string.Empty;

    /// <summary>Metric description; empty when not given.</summary>
    public string Description { get; init; } = string.Empty;

    /// <summary>The metric data kind.</summary>
    public required MetricPointType Type { get; init; }

    /// <summary>Aggregation temporality of sums and histograms.</summary>
    public MetricTemporality Temporality { get; init; }

    /// <summary>True for a monotonic sum (a counter).</summary>
    public bool IsMonotonic { get; init; }

    /// <summary>The data point's attributes (string, bool, long, double, byte[], lists and maps of those).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>The resource's attributes (<c>service.name</c>, <c>service.instance.id</c>, ...).</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>Instrumentation scope (meter) name.</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>Instrumentation scope (meter) version; empty when not given.</summary>
    public string ScopeVersion { get; init; } = string.Empty;

    /// <summary>Start of the interval the point covers (cumulative: since the series started).</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>When the point was observed.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The value of a gauge or sum point; null for histograms and summaries.</summary>
    public double? Value { get; init; }

    /// <summary>Number of recorded measurements (histograms and summaries).</summary>
    public ulong Count { get; init; }

    /// <summary>Sum of recorded measurements (histograms and summaries), when known.</summary>
    public double? Sum { get; init; }

    /// <summary>Smallest recorded measurement (histograms), when known.</summary>
    public double? Min { get; init; }

    /// <summary>Largest recorded measurement (histograms), when known.</summary>
    public double? Max { get; init; }

    /// <summary>Histogram bucket upper bounds (bucket <c>i</c> holds values in <c>(bounds[i-1], bounds[i]]</c>).</summary>
    public IReadOnlyList<double> ExplicitBounds { get; init; } = [];

    /// <summary>Histogram bucket counts, one more than <see cref="ExplicitBounds"/> (the last is the +Inf bucket).</summary>
    public IReadOnlyList<ulong> BucketCounts { get; init; } = [];

    /// <summary>The <c>service.name</c> resource attribute, when present.</summary>
    public string? ServiceName => ResourceAttributes.TryGetValue("service.name", out var value) ? value as string : null;
}
