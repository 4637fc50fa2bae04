using System.Text.Json.Nodes;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>NetworkPolicies open only the paths the data flow needs.</summary>
public sealed class NetworkPolicyTests
{
    [Fact]
    public async Task Template_Defaults_EveryPodIsSelectedByAPolicyWithIngressAndEgress()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var policies = chart.OfKind("NetworkPolicy").ToList();
        foreach (var component in new[] { "gateway", "worker", "operator", "redis", "collector", "test" })
        {
            var policy = policies.SingleOrDefault(p => (string?)p["spec"]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"] == component);
            Assert.True(policy is not null, $"No NetworkPolicy for {component}.");
            Assert.Equal(["Ingress", "Egress"], policy["spec"]!["policyTypes"]!.AsArray().Select(t => (string?)t));
        }
    }

    [Fact]
    public async Task Template_Defaults_OnlyGatewayWorkerAndOperatorReachRedis()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var redis = chart.Get("NetworkPolicy", "llm-platform-redis");
        Assert.Equal(["gateway", "operator", "worker"], Sources(redis).Order());
        Assert.Empty(redis["spec"]!["egress"]!.AsArray());
        Assert.Empty(chart.Get("NetworkPolicy", "llm-platform-worker")["spec"]!["ingress"]!.AsArray());
    }

    [Fact]
    public async Task Template_Defaults_OnlyTheCollectorReachesTheOperatorsReceiver()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var op = chart.Get("NetworkPolicy", "llm-platform-operator");
        Assert.Equal(["collector"], Sources(op));
        Assert.Equal(8082, (int)op["spec"]!["ingress"]![0]!["ports"]![0]!["port"]!);
    }

    [Fact]
    public async Task Template_ExternalRedis_EgressGoesToItsCidrAndPort()
    {
        var chart = await RenderedChart.RenderAsync("external-redis", TestContext.Current.CancellationToken);

        var egress = chart.Get("NetworkPolicy", "llm-platform-worker")["spec"]!["egress"]!.AsArray();
        Assert.Contains(egress, e => (string?)e!["to"]?[0]?["ipBlock"]?["cidr"] == "10.20.0.0/16" && (int?)e["ports"]![0]!["port"] == 6380);
        Assert.DoesNotContain(chart.OfKind("NetworkPolicy"), p => (string?)p["metadata"]!["name"] == "llm-platform-redis");
    }

    [Fact]
    public async Task Template_RestrictedGatewayClients_StillLetTheHelmTestPodIn()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken,
            "networkPolicy.gatewayFrom[0].namespaceSelector.matchLabels.name=ingress-nginx");

        var peers = chart.Get("NetworkPolicy", "llm-platform-gateway")["spec"]!["ingress"]![0]!["from"]!.AsArray();
        Assert.Equal(2, peers.Count);
        Assert.Equal("ingress-nginx", (string?)peers[0]!["namespaceSelector"]!["matchLabels"]!["name"]);
        Assert.Equal(["test"], Sources(chart.Get("NetworkPolicy", "llm-platform-gateway")));
    }

    private static List<string?> Sources(JsonObject policy) =>
    [
        .. from rule in policy["spec"]!["ingress"]!.AsArray()
           from peer in rule!["from"]?.AsArray() ?? []
           where peer!["podSelector"] is not null
           select (string?)peer!["podSelector"]!["matchLabels"]!["app.kubernetes.io/component"],
    ];
}
