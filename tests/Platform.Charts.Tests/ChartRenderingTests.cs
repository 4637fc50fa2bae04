using System.Text.Json.Nodes;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>`helm lint --strict` and `helm template` over the defaults and realistic value sets.</summary>
public sealed class ChartRenderingTests
{
    private static readonly string[] PlatformDeployments = ["llm-platform-gateway", "llm-platform-worker", "llm-platform-operator"];

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task Lint_Strict_PassesForEveryValueSet(string valueSet)
    {
        var arguments = RenderedChart.TemplateArguments(valueSet, []);
        arguments[0] = "lint";
        arguments.RemoveAt(1);
        arguments.Insert(1, "--strict");

        var result = await HelmTool.RunAsync(arguments, TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("0 chart(s) failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task Template_AnyValueSet_RendersGatewayWorkerOperatorAndTheirServices(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        foreach (var name in PlatformDeployments)
        {
            var deployment = chart.Get("Deployment", name);
            var container = deployment["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.StartsWith($"ghcr.io/llm-platform/{name["llm-platform-".Length..]}:", (string?)container["image"], StringComparison.Ordinal);
        }

        Assert.Equal(8080, (int)chart.Get("Deployment", "llm-platform-gateway")["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]![0]!["containerPort"]!);
        chart.Get("Service", "llm-platform-gateway");
        chart.Get("Service", "llm-platform-operator");
    }

    [Fact]
    public async Task Template_Defaults_ImagesUseTheChartAppVersion()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);
        var appVersion = File.ReadAllLines(Path.Combine(RepositoryPaths.Chart, "Chart.yaml"))
            .Single(l => l.StartsWith("appVersion:", StringComparison.Ordinal))["appVersion:".Length..].Trim().Trim('"');

        foreach (var (image, deployment) in new[] { ("gateway", "llm-platform-gateway"), ("worker", "llm-platform-worker"), ("operator", "llm-platform-operator") })
        {
            var container = chart.Get("Deployment", deployment)["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.Equal($"ghcr.io/llm-platform/{image}:{appVersion}", (string?)container["image"]);
        }
    }

    [Fact]
    public async Task Template_Defaults_RunRedisWithAofOnAPersistentVolumeAndAPasswordSecret()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var redis = chart.Get("StatefulSet", "llm-platform-redis");
        var container = redis["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var args = container["args"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("$(REDIS_PASSWORD)", args[args.IndexOf("--requirepass") + 1]);
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => (string?)m!["name"] == "data" && (string?)m["mountPath"] == "/data");
        Assert.Equal("data", (string?)redis["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]);
        Assert.NotEmpty((string?)chart.Get("Secret", "llm-platform-redis")["data"]!["redis-password"] ?? "");

        var worker = RenderedChart.Environment(Container(chart, "llm-platform-worker"));
        Assert.Equal("llm-platform-redis.llm.svc:6379,password=$(REDIS_PASSWORD)", worker["ConnectionStrings__redis"]);
    }

    [Fact]
    public async Task Template_ExternalRedis_NoStatefulSetAndServicesUseTheExternalHostWithTls()
    {
        var chart = await RenderedChart.RenderAsync("external-redis", TestContext.Current.CancellationToken);

        Assert.Empty(chart.OfKind("StatefulSet"));
        Assert.DoesNotContain(chart.OfKind("Secret"), s => (string?)s["metadata"]!["name"] == "llm-platform-redis");
        foreach (var name in PlatformDeployments)
        {
            var container = Container(chart, name);
            Assert.Equal("llm-queue.abc123.cache.example.com:6380,password=$(REDIS_PASSWORD),ssl=true",
                RenderedChart.Environment(container)["ConnectionStrings__redis"]);
            var password = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "REDIS_PASSWORD")!;
            Assert.Equal("llm-queue-auth", (string?)password["valueFrom"]!["secretKeyRef"]!["name"]);
            Assert.Equal("password", (string?)password["valueFrom"]!["secretKeyRef"]!["key"]);
        }
    }

    [Fact]
    public async Task Template_CollectorOff_NoCollectorAndServicesExportToTheConfiguredEndpoint()
    {
        var chart = await RenderedChart.RenderAsync("collector-off", TestContext.Current.CancellationToken);

        Assert.DoesNotContain(chart.OfKind("Deployment"), d => (string?)d["metadata"]!["name"] == "llm-platform-collector");
        Assert.DoesNotContain(chart.OfKind("ConfigMap"), d => (string?)d["metadata"]!["name"] == "llm-platform-collector");
        foreach (var name in PlatformDeployments)
        {
            var env = RenderedChart.Environment(Container(chart, name));
            Assert.Equal("http://otel-collector.observability.svc:4318", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
            Assert.Equal("http/protobuf", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
            Assert.EndsWith(",deployment.environment=prod", env["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Template_IngressOn_RoutesTheHostToTheGatewayServiceWithTls()
    {
        var chart = await RenderedChart.RenderAsync("ingress-on", TestContext.Current.CancellationToken);

        var ingress = chart.Get("Ingress", "llm-platform-gateway");
        Assert.Equal("nginx", (string?)ingress["spec"]!["ingressClassName"]);
        var rule = ingress["spec"]!["rules"]![0]!;
        Assert.Equal("llm.example.com", (string?)rule["host"]);
        Assert.Equal("llm-platform-gateway", (string?)rule["http"]!["paths"]![0]!["backend"]!["service"]!["name"]);
        Assert.Equal("llm-example-tls", (string?)ingress["spec"]!["tls"]![0]!["secretName"]);
    }

    [Fact]
    public async Task Template_ApiKeys_ReachTheGatewayAsIndexedEnvironmentFromSecrets()
    {
        var chart = await RenderedChart.RenderAsync("ingress-on", TestContext.Current.CancellationToken);
        var gateway = Container(chart, "llm-platform-gateway");
        var env = gateway["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => e!);

        Assert.Equal("key-0", (string?)env["Gateway__ApiKeys__0__Key"]["valueFrom"]!["secretKeyRef"]!["key"]);
        Assert.Equal("llm-platform-gateway-keys", (string?)env["Gateway__ApiKeys__0__Key"]["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal("team-a", (string?)env["Gateway__ApiKeys__0__Tenant"]["value"]);
        Assert.Equal("600", (string?)env["Gateway__ApiKeys__0__RequestsPerMinute"]["value"]);
        Assert.Equal("sim-small", (string?)env["Gateway__ApiKeys__0__Models__0"]["value"]);
        Assert.Equal("team-b-key", (string?)env["Gateway__ApiKeys__1__Key"]["valueFrom"]!["secretKeyRef"]!["name"]);
        // The key never appears in the Deployment itself, only in the Secret.
        Assert.DoesNotContain("9f86d081884c7d659a2f", gateway.ToJsonString(), StringComparison.Ordinal);
        var secret = chart.Get("Secret", "llm-platform-gateway-keys");
        Assert.Equal(["key-0"], secret["data"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Template_Defaults_GenerateABootstrapKeyThatTheHelmTestUses()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String((string)chart.Get("Secret", "llm-platform-gateway-keys")["data"]!["key-0"]!));
        Assert.StartsWith("sk-", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 32);

        var test = chart.Get("Pod", "llm-platform-test");
        Assert.Equal("test", (string?)test["metadata"]!["annotations"]!["helm.sh/hook"]);
        var container = test["spec"]!["containers"]![0]!;
        var apiKey = container["env"]!.AsArray().Single(e => (string?)e!["name"] == "API_KEY")!;
        Assert.Equal("llm-platform-gateway-keys", (string?)apiKey["valueFrom"]!["secretKeyRef"]!["name"]);
        Assert.Equal("http://llm-platform-gateway:80", RenderedChart.Environment(container.AsObject())["GATEWAY"]);
        var script = (string)container["command"]![2]!;
        Assert.Contains("$GATEWAY/v1/jobs\"", script, StringComparison.Ordinal);
        Assert.Contains("succeeded)", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_Defaults_WorkerDrainFitsInTheTerminationGracePeriod()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);
        AssertDrainFits(chart, expectedDrain: TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task Template_LongerDrain_TerminationGracePeriodGrowsWithIt()
    {
        var chart = await RenderedChart.RenderAsync("production", TestContext.Current.CancellationToken);
        AssertDrainFits(chart, expectedDrain: TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Template_ScalePolicyOn_WorkerLeavesReplicasToTheOperator()
    {
        var withPolicy = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);
        var withoutPolicy = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken, "worker.scalePolicy.enabled=false", "worker.replicas=3");

        Assert.False(withPolicy.Get("Deployment", "llm-platform-worker")["spec"]!.AsObject().ContainsKey("replicas"));
        Assert.Equal(3, (int)withoutPolicy.Get("Deployment", "llm-platform-worker")["spec"]!["replicas"]!);
        Assert.Empty(withoutPolicy.OfKind("ScalePolicy"));
    }

    [Fact]
    public async Task Template_MonitoringOn_PrometheusRuleHoldsExactlyTheRulesFile()
    {
        var chart = await RenderedChart.RenderAsync("ingress-on", TestContext.Current.CancellationToken);
        var rulesFile = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Chart, "files", "alerts.rules.yaml"), TestContext.Current.CancellationToken))!;

        var rule = chart.Get("PrometheusRule", "llm-platform");
        Assert.Equal("kube-prometheus-stack", (string?)rule["metadata"]!["labels"]!["release"]);
        Assert.True(JsonNode.DeepEquals(rulesFile["groups"], rule["spec"]!["groups"]), "The PrometheusRule differs from files/alerts.rules.yaml.");
        Assert.True((bool)chart.Get("ServiceMonitor", "llm-platform-collector")["spec"]!["endpoints"]![0]!["honorLabels"]!);
    }

    [Fact]
    public async Task Template_Defaults_DashboardConfigMapHoldsTheDashboardJson()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Chart, "files", "dashboard.json"), TestContext.Current.CancellationToken));

        var map = chart.Get("ConfigMap", "llm-platform-dashboard");
        Assert.Equal("1", (string?)map["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse((string)map["data"]!["llm-platform.json"]!)));
    }

    private static JsonObject Container(RenderedChart chart, string deployment) =>
        chart.Get("Deployment", deployment)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static void AssertDrainFits(RenderedChart chart, TimeSpan expectedDrain)
    {
        var pod = chart.Get("Deployment", "llm-platform-worker")["spec"]!["template"]!["spec"]!;
        var container = pod["containers"]![0]!.AsObject();
        var drain = TimeSpan.Parse(RenderedChart.Environment(container)["Worker__ShutdownGracePeriod"]!, System.Globalization.CultureInfo.InvariantCulture);
        var preStop = (int)container["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!;
        var grace = (int)pod["terminationGracePeriodSeconds"]!;

        Assert.Equal(expectedDrain, drain);
        Assert.True(preStop > 0, "The worker needs a preStop sleep so endpoints drain before SIGTERM.");
        Assert.True(grace > preStop + drain.TotalSeconds,
            $"terminationGracePeriodSeconds {grace} must exceed preStop {preStop} s + drain {drain.TotalSeconds} s.");
    }
}
