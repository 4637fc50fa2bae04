using Microsoft.Extensions.Options;
using Platform.Otlp.Metrics;
using Platform.Scaling.Policy;

namespace Platform.Operator.Metrics;

/// <summary>
/// Otlp metrics from the operator's own OTLP/HTTP receiver: the <see cref="OtlpMetricStore"/> keeps a rolling window
/// per series; the policy's statistic reduces it over <see cref="OperatorOptions.OtlpWindow"/>: <c>avg</c> (histogram
/// sum/count or gauge mean), <c>sum</c> (latest value summed over series), <c>rate</c> (per-second increase), <c>max</c> (largest value in the window),
/// <c>p50</c>/<c>p90</c>/<c>p95</c>/<c>p99</c> (histogram quantiles). No data in the window is a failed read.
/// </summary>
internal sealed class OtlpMetricSource(OtlpMetricStore store, IOptions<OperatorOptions> options) : IMetricSource
{
    public bool Supports(MetricType type) => type == MetricType.Otlp;

    public Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var source = metric.Otlp ?? throw new MetricUnavailableException("spec.metrics[].otlp is required for Otlp");
        var window = options.Value.OtlpWindow;
        var filter = source.Attributes;
        var value = source.Statistic switch
        {
            "avg" => store.GetAverage(source.Name, window, filter),
            "sum" => store.GetLatest(source.Name, window, filter),
            "rate" => store.GetRate(source.Name, window, filter),
            "max" => store.GetMaximum(source.Name, window, filter),
            "p50" => store.GetPercentile(source.Name, 0.50, window, filter),
            "p90" => store.GetPercentile(source.Name, 0.90, window, filter),
            "p95" => store.GetPercentile(source.Name, 0.95, window, filter),
            "p99" => store.GetPercentile(source.Name, 0.99, window, filter),
            _ => throw new MetricUnavailableException($"OTLP statistic '{source.Statistic}' is not supported by the operator's metric store (use avg, sum, rate, max, p50, p90, p95 or p99)"),
        };

        return value is { } v && double.IsFinite(v)
            ? Task.FromResult(new MetricReading { Value = v })
            : throw new MetricUnavailableException($"no OTLP data for {source.Name} ({source.Statistic}) in the last {window.TotalSeconds:0.#}s");
    }
}
