using System.Text.Json;
using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Policy;

public sealed class ScalePolicyYamlTests
{
    internal const string FullPolicy = """
        apiVersion: autoscaling.llmplatform.dev/v1alpha1
        kind: ScalePolicy
        metadata:
          name: llm-worker
          namespace: prod
          labels: { team: ml }
        spec:
          targetRef: { apiVersion: apps/v1, kind: Deployment, name: llm-worker }
          minReplicas: 1
          maxReplicas: 50
          mode: Hybrid
          preview: true
          evaluationInterval: 2s
          metrics:
            - type: QueueBacklog
              queue: { stream: "llm:jobs", consumerGroup: workers }
              targetPerReplica: 8
              targetWait: 5s
            - type: Otlp
              otlp: { name: gen_ai.client.operation.duration, statistic: p95, attributes: { gen_ai.request.model: gpt-4o } }
              target: 20s
            - type: Prometheus
              prometheus: { address: "http://prometheus:9090", query: "sum(rate(x[1m]))" }
              target: 100
          prediction: { algorithm: HoltWinters, horizon: 120s, history: 1h, seasonPeriod: 24h, margin: 0.1 }
          behavior:
            scaleUp:   { stabilizationWindowSeconds: 0, policies: [{ type: Pods, value: 4, periodSeconds: 15 }], selectPolicy: Max }
            scaleDown: { stabilizationWindowSeconds: 300, policies: [{ type: Percent, value: 10, periodSeconds: 60 }] }
          panic: { window: 6s, threshold: 2 }
          fallback: { failureThreshold: 3, replicas: 2 }
        """;

    [Fact]
    public void Parse_KubectlStyleDocument_ReadsEveryField()
    {
        var policy = ScalePolicyYaml.Parse(FullPolicy);

        Assert.Equal("llm-worker", policy.Metadata.Name);
        Assert.Equal("prod", policy.Metadata.Namespace);
        Assert.Equal(ScaleMode.Hybrid, policy.Spec.Mode);
        Assert.True(policy.Spec.Preview);
        Assert.Equal(2, policy.Spec.EvaluationInterval.TotalSeconds);
        Assert.Equal(3, policy.Spec.Metrics.Count);
        Assert.Equal("llm:jobs", policy.Spec.Metrics[0].Queue!.Stream);
        Assert.Equal(8, policy.Spec.Metrics[0].TargetPerReplica!.Value.Value);
        Assert.Equal(5, policy.Spec.Metrics[0].TargetWait!.Value.TotalSeconds);
        Assert.Equal(20, policy.Spec.Metrics[1].Target!.Value.Value);
        Assert.Equal("gpt-4o", policy.Spec.Metrics[1].Otlp!.Attributes!["gen_ai.request.model"]);
        Assert.Equal(86400, policy.Spec.Prediction!.SeasonPeriod!.Value.TotalSeconds);
        Assert.Equal(ScalingPolicyType.Percent, policy.Spec.Behavior!.ScaleDown!.Policies![0].Type);
        Assert.Equal(2, policy.Spec.Fallback!.Replicas);
        Assert.Empty(ScalePolicyValidator.Validate(policy));
    }

    [Fact]
    public void Parse_UnknownField_ThrowsWithLine()
    {
        var yaml = FullPolicy.Replace("minReplicas: 1", "minReplica: 1", StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => ScalePolicyYaml.Parse(yaml));

        Assert.Contains("line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadDuration_Throws()
    {
        var yaml = FullPolicy.Replace("evaluationInterval: 2s", "evaluationInterval: soon", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ScalePolicyYaml.Parse(yaml));
    }

    [Fact]
    public void JsonSerialize_UsesKubernetesCamelCaseAndDurationStrings()
    {
        var policy = ScalePolicyYaml.Parse(FullPolicy);

        var json = JsonSerializer.Serialize(policy);
        using var doc = JsonDocument.Parse(json);
        var spec = doc.RootElement.GetProperty("spec");

        Assert.Equal("autoscaling.llmplatform.dev/v1alpha1", doc.RootElement.GetProperty("apiVersion").GetString());
        Assert.Equal("2s", spec.GetProperty("evaluationInterval").GetString());
        Assert.Equal("Hybrid", spec.GetProperty("mode").GetString());
        Assert.Equal("QueueBacklog", spec.GetProperty("metrics")[0].GetProperty("type").GetString());
        Assert.Equal(300, spec.GetProperty("behavior").GetProperty("scaleDown").GetProperty("stabilizationWindowSeconds").GetInt32());
        var roundTrip = JsonSerializer.Deserialize<V1Alpha1ScalePolicy>(json)!;
        Assert.Equal(5, roundTrip.Spec.Metrics[0].TargetWait!.Value.TotalSeconds);
    }

    [Fact]
    public void Serialize_ThenParse_RoundTrips()
    {
        var policy = ScalePolicyYaml.Parse(FullPolicy);

        var again = ScalePolicyYaml.Parse(ScalePolicyYaml.Serialize(policy));

        Assert.Equal(policy.Spec.Metrics.Count, again.Spec.Metrics.Count);
        Assert.Equal(policy.Spec.Prediction!.Horizon, again.Spec.Prediction!.Horizon);
        Assert.Empty(ScalePolicyValidator.Validate(again));
    }
}
