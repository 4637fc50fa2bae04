using System.Globalization;
using System.Text.Json;
using Platform.Scaling.Policy;

namespace Platform.Operator.Metrics;

/// <summary>
/// Prometheus metrics through the HTTP API's instant query (<c>GET {address}/api/v1/query?query=...</c>): the result
/// must be a scalar or a vector with exactly one sample.
/// </summary>
internal sealed class PrometheusMetricSource(IHttpClientFactory httpClientFactory) : IMetricSource
{
    /// <summary>The named HttpClient used for queries.</summary>
    public const string HttpClientName = "prometheus";

    public bool Supports(MetricType type) => type == MetricType.Prometheus;

    public async Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var source = metric.Prometheus ?? throw new MetricUnavailableException("spec.metrics[].prometheus is required for Prometheus");
        var uri = new Uri(source.Address.TrimEnd('/') + "/api/v1/query?query=" + Uri.EscapeDataString(source.Query));
        using var client = httpClientFactory.CreateClient(HttpClientName);
        string body;
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new MetricUnavailableException($"Prometheus at {source.Address} answered {(int)response.StatusCode}: {Truncate(body)}");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new MetricUnavailableException($"Prometheus at {source.Address} could not be reached: {ex.Message}", ex);
        }

        return new MetricReading { Value = ParseInstantQuery(body) };
    }

    /// <summary>The value of an instant query response (scalar, or a one-sample vector).</summary>
    /// <exception cref="MetricUnavailableException">An error response, an empty or multi-sample vector, or a non-numeric value.</exception>
    internal static double ParseInstantQuery(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.GetProperty("status").GetString() != "success")
            {
                var error = root.TryGetProperty("error", out var e) ? e.GetString() : "unknown error";
                throw new MetricUnavailableException("Prometheus query failed: " + error);
            }

            var data = root.GetProperty("data");
            var resultType = data.GetProperty("resultType").GetString();
            var result = data.GetProperty("result");
            JsonElement sample;
            switch (resultType)
            {
                case "scalar":
                    sample = result;
                    break;
                case "vector" when result.GetArrayLength() == 1:
                    sample = result[0].GetProperty("value");
                    break;
                case "vector":
                    throw new MetricUnavailableException($"the Prometheus query returned {result.GetArrayLength()} samples; it must return exactly one (wrap it in sum(...) or max(...))");
                default:
                    throw new MetricUnavailableException($"the Prometheus query returned a {resultType}; it must return a scalar or a one-sample vector");
            }

            var text = sample[1].GetString();
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : throw new MetricUnavailableException($"the Prometheus query returned '{text}', not a finite number");
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException)
        {
            throw new MetricUnavailableException("Prometheus returned a response that is not an instant query result: " + ex.Message, ex);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}
