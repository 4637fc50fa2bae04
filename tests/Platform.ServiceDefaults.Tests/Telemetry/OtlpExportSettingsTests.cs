using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Tests.Telemetry;

public sealed class OtlpExportSettingsTests
{
    [Theory]
    // http/protobuf base endpoint: the signal path is appended (with or without a trailing slash).
    [InlineData("http://collector:4318", "http/protobuf", null, "Traces", "http://collector:4318/v1/traces", OtlpExportProtocol.HttpProtobuf)]
    [InlineData("http://collector:4318/", "http/protobuf", null, "Metrics", "http://collector:4318/v1/metrics", OtlpExportProtocol.HttpProtobuf)]
    [InlineData("http://collector:4318/otlp", "http/protobuf", null, "Logs", "http://collector:4318/otlp/v1/logs", OtlpExportProtocol.HttpProtobuf)]
    // No protocol: the OTLP specification's default, http/protobuf.
    [InlineData("http://collector:4318", null, null, "Traces", "http://collector:4318/v1/traces", OtlpExportProtocol.HttpProtobuf)]
    // gRPC: the endpoint is used as is.
    [InlineData("http://collector:4317", "grpc", null, "Traces", "http://collector:4317/", OtlpExportProtocol.Grpc)]
    // A signal-specific endpoint is used as is and wins over the base endpoint.
    [InlineData("http://collector:4318", "http/protobuf", "http://operator:4318/custom/metrics", "Metrics", "http://operator:4318/custom/metrics", OtlpExportProtocol.HttpProtobuf)]
    // Only a signal-specific endpoint: that signal is exported.
    [InlineData(null, null, "http://operator:4318/v1/metrics", "Metrics", "http://operator:4318/v1/metrics", OtlpExportProtocol.HttpProtobuf)]
    public void Resolve_EndpointAndProtocol_FollowTheOtlpRules(string? baseEndpoint, string? protocol, string? metricsEndpoint, string signal, string expectedEndpoint, OtlpExportProtocol expectedProtocol)
    {
        var configuration = Configuration(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = baseEndpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol,
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = metricsEndpoint,
        });

        var settings = OtlpExportSettings.Resolve(configuration, Enum.Parse<OtlpSignal>(signal));

        Assert.NotNull(settings);
        Assert.Equal(expectedEndpoint, settings.Endpoint.ToString());
        Assert.Equal(expectedProtocol, settings.Protocol);
    }

    [Fact]
    public void Resolve_NoEndpointForSignal_ReturnsNull()
    {
        var configuration = Configuration(new() { ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = "http://operator:4318/v1/metrics" });

        Assert.Null(OtlpExportSettings.Resolve(configuration, OtlpSignal.Traces));
        Assert.Null(OtlpExportSettings.Resolve(Configuration(new()), OtlpSignal.Logs));
    }

    [Fact]
    public void Resolve_HeadersAndTimeout_SignalSpecificWinsAndToStringHidesValues()
    {
        var configuration = Configuration(new()
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://collector:4318",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = "api-key=secret-1",
            ["OTEL_EXPORTER_OTLP_LOGS_HEADERS"] = "api-key=secret-2",
            ["OTEL_EXPORTER_OTLP_TIMEOUT"] = "2500",
        });

        var traces = OtlpExportSettings.Resolve(configuration, OtlpSignal.Traces)!;
        var logs = OtlpExportSettings.Resolve(configuration, OtlpSignal.Logs)!;
        var options = new OtlpExporterOptions();
        logs.ApplyTo(options);

        Assert.Equal("api-key=secret-1", traces.Headers);
        Assert.Equal("api-key=secret-2", options.Headers);
        Assert.Equal(2500, options.TimeoutMilliseconds);
        Assert.Equal(new Uri("http://collector:4318/v1/logs"), options.Endpoint);
        Assert.DoesNotContain("secret", logs.ToString(), StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
