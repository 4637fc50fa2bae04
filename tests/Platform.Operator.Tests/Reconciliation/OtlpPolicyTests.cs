using System.Globalization;
using System.Text;
using Platform.Operator.Tests.Infrastructure;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>A metric pushed to the operator's OTLP/HTTP receiver drives a policy that scales on it.</summary>
public sealed class OtlpPolicyTests
{
    [Fact]
    public async Task Reconcile_OtlpGaugePushedToReceiver_ScalesOnIt()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await ClusterFixture.StartAsync(replicas: 1, ct);
        await cluster.CreatePolicyAsync("otlp", spec => spec.Metrics =
        [
            new MetricSpec { Type = MetricType.Otlp, Otlp = new OtlpSource { Name = "platform.test.queue_depth", Statistic = "sum" }, TargetPerReplica = 10 },
        ], ct);
        var host = await cluster.StartOperatorAsync("operator-a", ct);

        // Before any data the metric is missing (no scaling on it); 40 at 10 per replica is 4 replicas.
        await Eventually.HoldsAsync(async () => (await cluster.GetPolicyAsync("otlp", ct)).Status?.Conditions
            .Any(c => c.Type == ScalePolicyCondition.MetricsAvailable && c.Status == "False") == true, "metric missing before the push", cancellationToken: ct);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var response = await http.PostAsync("/v1/metrics", new StringContent(Gauge("platform.test.queue_depth", 40), Encoding.UTF8, "application/json"), ct);
        response.EnsureSuccessStatusCode();

        await Eventually.ReturnsAsync(() => cluster.ReplicasAsync(ct), r => r == 4, "scale to 4 on the OTLP metric", cancellationToken: ct);
    }

    private static string Gauge(string name, double value)
    {
        var nanos = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture);
        return $$$"""
            {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"test"}}]},
             "scopeMetrics":[{"scope":{"name":"test"},"metrics":[{"name":"{{{name}}}","gauge":{"dataPoints":[
               {"asDouble":{{{value.ToString(CultureInfo.InvariantCulture)}}},"timeUnixNano":"{{{nanos}}}"}]}}]}]}]}
            """;
    }
}
