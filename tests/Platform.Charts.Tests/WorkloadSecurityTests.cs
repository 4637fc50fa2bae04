using System.Text.Json.Nodes;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>Every container of every value set: resources, probes and a restrictive securityContext.</summary>
public sealed class WorkloadSecurityTests
{
    private static readonly string[] DotnetContainers = ["llm-platform-gateway", "llm-platform-worker", "llm-platform-operator"];

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task EveryContainer_HasResourceRequestsAndAMemoryLimit(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        Assert.All(chart.Containers(), c =>
        {
            var resources = c.Container["resources"];
            Assert.True(resources?["requests"]?["cpu"] is not null && resources["requests"]?["memory"] is not null, $"{c.Owner}: no cpu/memory requests");
            Assert.True(resources["limits"]?["memory"] is not null, $"{c.Owner}: no memory limit");
        });
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task EveryLongRunningContainer_HasReadinessAndLivenessProbes(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        // The `helm test` pod runs to completion: probes make no sense there.
        Assert.All(chart.Containers().Where(c => !c.Owner.StartsWith("Pod/", StringComparison.Ordinal)), c =>
        {
            Assert.True(c.Container["readinessProbe"] is JsonObject, $"{c.Owner}: no readinessProbe");
            Assert.True(c.Container["livenessProbe"] is JsonObject, $"{c.Owner}: no livenessProbe");
        });
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task PlatformServices_ProbeHealthForReadinessAndAliveForLiveness(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        foreach (var name in DotnetContainers)
        {
            var container = chart.Get("Deployment", name)["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Assert.Equal("/health", (string?)container["readinessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("/alive", (string?)container["livenessProbe"]!["httpGet"]!["path"]);
            Assert.Equal("http", (string?)container["livenessProbe"]!["httpGet"]!["port"]);
        }
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task EveryContainer_RunsNonRootReadOnlyWithoutCapabilitiesUnderRuntimeDefaultSeccomp(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        Assert.All(chart.Containers(), c =>
        {
            var sc = c.Container["securityContext"] as JsonObject;
            Assert.True(sc is not null, $"{c.Owner}: no securityContext");
            var pod = c.PodSpec["securityContext"];
            Assert.True((bool?)sc["runAsNonRoot"] ?? (bool?)pod?["runAsNonRoot"] ?? false, $"{c.Owner}: runAsNonRoot is not true");
            Assert.True((bool?)sc["readOnlyRootFilesystem"] == true, $"{c.Owner}: root filesystem is writable");
            Assert.True((bool?)sc["allowPrivilegeEscalation"] == false, $"{c.Owner}: allowPrivilegeEscalation is not false");
            Assert.NotEqual(true, (bool?)sc["privileged"]);
            var drop = sc["capabilities"]?["drop"]?.AsArray().Select(x => (string?)x) ?? [];
            Assert.True(drop.Contains("ALL"), $"{c.Owner}: capabilities.drop lacks ALL");
            Assert.Null(sc["capabilities"]?["add"]);
            Assert.Equal("RuntimeDefault", (string?)sc["seccompProfile"]?["type"] ?? (string?)pod?["seccompProfile"]?["type"]);
            var runAsUser = (int?)sc["runAsUser"] ?? (int?)pod?["runAsUser"];
            Assert.True(runAsUser is > 0, $"{c.Owner}: runAsUser must be a non-zero UID");
        });
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task EveryContainer_GetsAWritableTmpFromAnEmptyDir(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        Assert.All(chart.Containers(), c =>
        {
            var mount = c.Container["volumeMounts"]?.AsArray().SingleOrDefault(m => (string?)m!["mountPath"] == "/tmp");
            Assert.True(mount is not null, $"{c.Owner}: no /tmp mount");
            var volume = c.PodSpec["volumes"]!.AsArray().Single(v => (string?)v!["name"] == (string?)mount["name"])!;
            Assert.True(volume["emptyDir"] is JsonObject, $"{c.Owner}: /tmp is not an emptyDir");
        });
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task OnlyTheOperator_MountsAServiceAccountToken(string valueSet)
    {
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        Assert.All(chart.PodSpecs(), p =>
        {
            var mounts = (bool?)p.PodSpec["automountServiceAccountToken"];
            Assert.Equal(p.Owner == "Deployment/llm-platform-operator", mounts);
        });
    }

    [Fact]
    public async Task Template_Defaults_PodDisruptionBudgetsCoverEveryReplicatedWorkload()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var covered = chart.OfKind("PodDisruptionBudget")
            .Select(p => (string?)p["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/component"])
            .Order().ToList();
        Assert.Equal(["collector", "gateway", "operator", "worker"], covered);
    }
}
