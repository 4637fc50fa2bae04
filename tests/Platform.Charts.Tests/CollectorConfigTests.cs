using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>The OpenTelemetry Collector's configuration: OTLP in, metrics to the operator, user exporters.</summary>
public sealed class CollectorConfigTests
{
    [Fact]
    public async Task Template_Defaults_MetricsGoToTheOperatorsReceiverAndPrometheus()
    {
        var config = await CollectorConfigAsync(null);

        Assert.Equal("0.0.0.0:4318", (string?)config["receivers"]!["otlp"]!["protocols"]!["http"]!["endpoint"]);
        Assert.Equal("http://llm-platform-operator:8082", (string?)config["exporters"]!["otlphttp/operator"]!["endpoint"]);
        var metrics = config["service"]!["pipelines"]!["metrics"]!;
        Assert.Equal(["otlphttp/operator", "prometheus"], metrics["exporters"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["otlp"], metrics["receivers"]!.AsArray().Select(e => (string?)e));
        // Signals without a user backend still have a valid pipeline.
        Assert.Equal(["debug"], config["service"]!["pipelines"]!["traces"]!["exporters"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task Template_UserExporters_AreAddedToTheirPipelinesBesideTheOperator()
    {
        var config = await CollectorConfigAsync("production");

        Assert.Equal("https://otlp.vendor.example.com", (string?)config["exporters"]!["otlphttp/backend"]!["endpoint"]);
        var pipelines = config["service"]!["pipelines"]!;
        Assert.Equal(["otlphttp/operator", "prometheus", "otlphttp/backend"], pipelines["metrics"]!["exporters"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["otlphttp/backend"], pipelines["traces"]!["exporters"]!.AsArray().Select(e => (string?)e));
        Assert.Equal(["otlphttp/backend"], pipelines["logs"]!["exporters"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task Template_Defaults_ServicesSendOtlpToTheCollector()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        foreach (var name in new[] { "llm-platform-gateway", "llm-platform-worker", "llm-platform-operator" })
        {
            var env = RenderedChart.Environment(chart.Get("Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject());
            Assert.Equal("http://llm-platform-collector:4318", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("llm-" + name["llm-platform-".Length..], env["OTEL_SERVICE_NAME"]);
        }
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> CollectorConfigAsync(string? valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);
        return YamlJson.Parse((string)chart.Get("ConfigMap", "llm-platform-collector")["data"]!["config.yaml"]!)!;
    }
}
