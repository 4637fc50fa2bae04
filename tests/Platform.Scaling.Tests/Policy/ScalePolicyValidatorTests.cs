using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Policy;

public sealed class ScalePolicyValidatorTests
{
    [Theory]
    // Each row breaks one rule and expects that exact field path and message among the problems.
    [InlineData("maxReplicas: 50", "maxReplicas: 0", "spec.maxReplicas: must be between 1 and 10000")]
    [InlineData("minReplicas: 1", "minReplicas: 0", "spec.minReplicas: must be >= 1 unless scaleToZero.enabled is true")]
    [InlineData("minReplicas: 1", "minReplicas: 60", "spec.maxReplicas: must be >= minReplicas (60)")]
    [InlineData("target: 100", "target: 0", "spec.metrics[2].target: must be > 0")]
    [InlineData("targetPerReplica: 8", "targetPerReplica: -1", "spec.metrics[0].targetPerReplica: must be > 0")]
    [InlineData("statistic: p95", "statistic: p42", "spec.metrics[1].otlp.statistic: must be one of avg, sum, rate, max, p50, p90, p95, p99")]
    [InlineData("address: \"http://prometheus:9090\"", "address: \"prometheus\"", "spec.metrics[2].prometheus.address: must be an absolute http or https URL")]
    [InlineData("evaluationInterval: 2s", "evaluationInterval: 1h", "spec.evaluationInterval: must be between 100ms and 10m")]
    [InlineData("margin: 0.1", "margin: 20", "spec.prediction.margin: must be between 0 and 10")]
    [InlineData("seasonPeriod: 24h", "seasonPeriod: 45s", "spec.prediction.seasonPeriod: must be a whole multiple (at least 2) of step (30s)")]
    [InlineData("value: 10, periodSeconds: 60", "value: 10, periodSeconds: 4000", "spec.behavior.scaleDown.policies[0].periodSeconds: must be between 1 and 1800")]
    [InlineData("stabilizationWindowSeconds: 300", "stabilizationWindowSeconds: 7200", "spec.behavior.scaleDown.stabilizationWindowSeconds: must be between 0 and 3600")]
    [InlineData("name: llm-worker }", "name: \"\" }", "spec.targetRef.name: is required")]
    [InlineData("failureThreshold: 3", "failureThreshold: 0", "spec.fallback.failureThreshold: must be between 1 and 1000")]
    public void Validate_OneBrokenField_ReportsItsPath(string original, string replacement, string expected)
    {
        var yaml = ScalePolicyYamlTests.FullPolicy.Replace(original, replacement, StringComparison.Ordinal);
        Assert.NotEqual(ScalePolicyYamlTests.FullPolicy, yaml);

        var problems = ScalePolicyValidator.Validate(ScalePolicyYaml.Parse(yaml));

        Assert.Contains(expected, problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Validate_SeveralProblems_ReturnsEveryOne()
    {
        var policy = new V1Alpha1ScalePolicy
        {
            Spec = new()
            {
                MinReplicas = 5,
                MaxReplicas = 2,
                Mode = ScaleMode.Predictive,
                Metrics = [new MetricSpec { Type = MetricType.QueueBacklog }],
            },
        };

        var problems = ScalePolicyValidator.Validate(policy).Select(p => p.ToString()).ToList();

        Assert.Contains("spec.targetRef.name: is required", problems);
        Assert.Contains("spec.maxReplicas: must be >= minReplicas (5)", problems);
        Assert.Contains("spec.metrics[0].queue: is required for type QueueBacklog", problems);
        Assert.Contains("spec.metrics[0].target: one of targetPerReplica or targetWait is required", problems);
        Assert.Contains("spec.prediction: is required when mode is Predictive", problems);
    }

    [Fact]
    public void Validate_NoMetrics_ReportsMetrics()
    {
        var policy = new V1Alpha1ScalePolicy { Spec = new() { TargetRef = new() { Name = "w" } } };

        var problems = ScalePolicyValidator.Validate(policy).Select(p => p.ToString());

        Assert.Contains("spec.metrics: must have at least 1 item(s)", problems);
    }
}
