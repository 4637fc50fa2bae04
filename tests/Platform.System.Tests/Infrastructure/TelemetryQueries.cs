using System.Collections;
using System.Globalization;
using Platform.Otlp.Model;

namespace Platform.SystemTests.Infrastructure;

/// <summary>Reading exported telemetry: the latest cumulative point of every series, and text search through everything exported.</summary>
internal static class TelemetryQueries
{
    /// <summary>The latest point of every series of <paramref name="name"/> (a series: process instance plus attributes).</summary>
    public static List<MetricPoint> Latest(IEnumerable<MetricPoint> points, string name, string? service = null) =>
        [.. points.Where(p => p.Name == name && (service is null || p.ServiceName == service))
            .GroupBy(SeriesKey)
            .Select(g => g.MaxBy(p => p.Timestamp)!)];

    /// <summary>The total of a counter (values) or a histogram (sums) over its latest points.</summary>
    public static double Total(IEnumerable<MetricPoint> points, string name, Func<MetricPoint, bool>? where = null) =>
        Latest(points, name).Where(where ?? (_ => true)).Sum(p => p.Type == MetricPointType.Histogram ? p.Sum ?? 0 : p.Value ?? 0);

    /// <summary>The number of measurements of a histogram over its latest points.</summary>
    public static ulong Count(IEnumerable<MetricPoint> points, string name, Func<MetricPoint, bool>? where = null) =>
        (ulong)Latest(points, name).Where(where ?? (_ => true)).Sum(p => (double)p.Count);

    /// <summary>A string attribute, or null.</summary>
    public static string? Attribute(this MetricPoint point, string key) =>
        point.Attributes.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Every string in an attribute value or log body (lists and maps searched through).</summary>
    public static IEnumerable<string> Strings(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string text:
                yield return text;
                break;
            case byte[] bytes:
                yield return Convert.ToBase64String(bytes);
                yield return System.Text.Encoding.UTF8.GetString(bytes);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                foreach (var (key, item) in map)
                {
                    yield return key;
                    foreach (var inner in Strings(item))
                    {
                        yield return inner;
                    }
                }

                break;
            case IEnumerable list:
                foreach (var item in list)
                {
                    foreach (var inner in Strings(item))
                    {
                        yield return inner;
                    }
                }

                break;
            default:
                yield return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
                break;
        }
    }

    private static string SeriesKey(MetricPoint point) =>
        point.ServiceName + "|" + Convert.ToString(point.ResourceAttributes.GetValueOrDefault("service.instance.id"), CultureInfo.InvariantCulture) + "|"
        + point.ScopeName + "|" + string.Join(",", point.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => a.Key + "=" + Convert.ToString(a.Value, CultureInfo.InvariantCulture)));
}
