using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>values.schema.json (and the chart's own checks) reject values that cannot work.</summary>
public sealed class ValuesSchemaTests
{
    private const string SchemaError = "values don't meet the specifications of the schema";

    public static TheoryData<string, string> BadValues => new()
    {
        { "worker.concurrency=0", "/worker/concurrency" },
        { "worker.scalePolicy.mode=Aggressive", "/worker/scalePolicy/mode" },
        { "worker.scalePolicy.maxReplicas=0", "/worker/scalePolicy/maxReplicas" },
        { "worker.scalePolicy.evaluationInterval=soon", "/worker/scalePolicy/evaluationInterval" },
        { "gateway.backpressureStatusCode=500", "/gateway/backpressureStatusCode" },
        { "gateway.syncTimeout=2 minutes", "/gateway/syncTimeout" },
        { "gateway.service.type=Magic", "/gateway/service/type" },
        { "gateway.replicas=-1", "/gateway/replicas" },
        { "gateway.apiKeys[0].tenant=team-a", "/gateway/apiKeys/0" },
        { "gateway.resources=null", "/gateway" },
        { "jobs.keyPrefix=has spaces", "/jobs/keyPrefix" },
        { "jobs.maxAttempts=1000", "/jobs/maxAttempts" },
        { "redis.appendfsync=sometimes", "/redis/appendfsync" },
        { "redis.enabled=false", "/externalRedis/host" },
        { "telemetry.otlpEndpoint=collector:4318", "/telemetry/otlpEndpoint" },
        { "operator.watchNamespace=Not_A_Namespace", "/operator/watchNamespace" },
        { "gateway.unknownSetting=1", "/gateway" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task Template_BadValue_FailsWithASchemaErrorNamingIt(string set, string path)
    {
        var result = await HelmTool.RunAsync(RenderedChart.TemplateArguments(null, [set]), TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(SchemaError, result.StandardError, StringComparison.Ordinal);
        Assert.Contains(path, result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_MinReplicasAboveMax_FailsNamingBothValues()
    {
        var result = await HelmTool.RunAsync(
            RenderedChart.TemplateArguments(null, ["worker.scalePolicy.minReplicas=5", "worker.scalePolicy.maxReplicas=3"]),
            TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("worker.scalePolicy.minReplicas (5) must not exceed maxReplicas (3)", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_PipelineNamesAnUndefinedExporter_Fails()
    {
        var result = await HelmTool.RunAsync(
            RenderedChart.TemplateArguments(null, ["collector.pipelines.traces[0]=otlphttp/missing"]),
            TestContext.Current.CancellationToken);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("exporter \"otlphttp/missing\", which collector.exporters does not define", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_GoodValuesNearTheLimits_Render()
    {
        var result = await HelmTool.RunAsync(
            RenderedChart.TemplateArguments(null, ["worker.concurrency=10000", "gateway.backpressureStatusCode=429", "jobs.visibilityTimeout=1.00:00:00",
                "worker.scalePolicy.minReplicas=0", "worker.scalePolicy.evaluationInterval=500ms"]),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
    }
}
