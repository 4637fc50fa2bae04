using System.Globalization;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Where and how one signal is exported, resolved from the standard <c>OTEL_EXPORTER_OTLP_*</c> keys of the
/// host configuration (environment variables appear there under the same names). Resolving it here, rather
/// than letting the exporter read process environment variables, makes the host's configuration (including
/// in-memory test configuration) the single source and pins the http/protobuf path rule:
/// a base <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> gets <c>/v1/{signal}</c> appended, a signal-specific endpoint is
/// used as is, a gRPC endpoint is used as is.
/// </summary>
/// <param name="Endpoint">Full URL the exporter posts to.</param>
/// <param name="Protocol">gRPC or http/protobuf.</param>
/// <param name="Headers">Extra headers in <c>k1=v1,k2=v2</c> form, or null.</param>
/// <param name="TimeoutMilliseconds">Export timeout, or null for the exporter's default (10 s).</param>
internal sealed record OtlpExportSettings(Uri Endpoint, OtlpExportProtocol Protocol, string? Headers, int? TimeoutMilliseconds)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string HeadersKey = "OTEL_EXPORTER_OTLP_HEADERS";
    public const string TimeoutKey = "OTEL_EXPORTER_OTLP_TIMEOUT";

    /// <summary>The settings for <paramref name="signal"/>; null when no endpoint is configured for it.</summary>
    public static OtlpExportSettings? Resolve(IConfiguration configuration, OtlpSignal signal)
    {
        var name = signal.ToString().ToUpperInvariant();
        string? Read(string key) =>
            NonEmpty(configuration[key.Replace("OTEL_EXPORTER_OTLP_", $"OTEL_EXPORTER_OTLP_{name}_", StringComparison.Ordinal)]);

        var protocol = ParseProtocol(Read(ProtocolKey) ?? NonEmpty(configuration[ProtocolKey]));
        Uri? endpoint;
        if (Read(EndpointKey) is { } signalEndpoint)
        {
            endpoint = new Uri(signalEndpoint, UriKind.Absolute);
        }
        else if (NonEmpty(configuration[EndpointKey]) is { } baseEndpoint)
        {
            endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(baseEndpoint.TrimEnd('/') + "/v1/" + signal.ToString().ToLowerInvariant(), UriKind.Absolute)
                : new Uri(baseEndpoint, UriKind.Absolute);
        }
        else
        {
            return null;
        }

        var timeout = Read(TimeoutKey) ?? NonEmpty(configuration[TimeoutKey]);
        return new OtlpExportSettings(
            endpoint,
            protocol,
            Read(HeadersKey) ?? NonEmpty(configuration[HeadersKey]),
            int.TryParse(timeout, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0 ? ms : null);
    }

    /// <summary>Copies the settings onto the exporter's options.</summary>
    public void ApplyTo(OtlpExporterOptions options)
    {
        options.Endpoint = Endpoint;
        options.Protocol = Protocol;
        if (Headers is not null)
        {
            options.Headers = Headers;
        }

        if (TimeoutMilliseconds is { } timeout)
        {
            options.TimeoutMilliseconds = timeout;
        }
    }

    /// <summary>Never prints header values: they usually carry credentials.</summary>
    public override string ToString() =>
        $"{Protocol} {Endpoint} (headers: {(Headers is null ? "none" : "set")})";

    // The OTLP specification's default is http/protobuf (the .NET exporter alone defaults to gRPC); http/json
    // is not implemented by the .NET exporter, so it also falls back to http/protobuf.
    private static OtlpExportProtocol ParseProtocol(string? value) =>
        string.Equals(value, "grpc", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
