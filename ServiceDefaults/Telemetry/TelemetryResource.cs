using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// The resource attributes a service reports, from <c>OTEL_RESOURCE_ATTRIBUTES</c> (<c>k=v,k2=v2</c>,
/// percent-encoded values) and <c>OTEL_SERVICE_NAME</c>, which wins over a <c>service.name</c> in the list;
/// without either the application name is the service name.
/// </summary>
/// <param name="ServiceName">The <c>service.name</c>.</param>
/// <param name="Attributes">Every other attribute, in the order given.</param>
internal sealed record TelemetryResource(string ServiceName, IReadOnlyList<KeyValuePair<string, object>> Attributes)
{
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";
    public const string ResourceAttributesKey = "OTEL_RESOURCE_ATTRIBUTES";

    public static TelemetryResource Resolve(IConfiguration configuration, string applicationName)
    {
        var attributes = new List<KeyValuePair<string, object>>();
        string? listedServiceName = null;
        foreach (var pair in (configuration[ResourceAttributesKey] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                continue;
            }

            var key = pair[..separator].Trim();
            var value = Uri.UnescapeDataString(pair[(separator + 1)..].Trim());
            if (key == "service.name")
            {
                listedServiceName = value;
            }
            else
            {
                attributes.RemoveAll(a => a.Key == key);
                attributes.Add(new KeyValuePair<string, object>(key, value));
            }
        }

        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } configured ? configured : listedServiceName ?? applicationName;
        return new TelemetryResource(serviceName, attributes);
    }
}
