using System.Text.Json.Nodes;
using NJsonSchema;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>The chart's default worker ScalePolicy: what it targets, and that the CRD in crds/ accepts it.</summary>
public sealed class ScalePolicyTests
{
    private const string CrdName = "scalepolicies.autoscaling.llmplatform.dev";

    [Fact]
    public async Task Template_Defaults_ScalePolicyTargetsTheWorkerDeploymentOnTheJobStream()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var policy = chart.Get("ScalePolicy", "llm-platform-worker");
        Assert.Equal("autoscaling.llmplatform.dev/v1alpha1", (string?)policy["apiVersion"]);
        var spec = policy["spec"]!;
        Assert.Equal("Deployment", (string?)spec["targetRef"]!["kind"]);
        Assert.Equal((string?)chart.Get("Deployment", "llm-platform-worker")["metadata"]!["name"], (string?)spec["targetRef"]!["name"]);
        Assert.Equal("Hybrid", (string?)spec["mode"]);
        Assert.Equal(1, (int)spec["minReplicas"]!);
        Assert.Equal(10, (int)spec["maxReplicas"]!);
        var metric = spec["metrics"]![0]!;
        Assert.Equal("QueueBacklog", (string?)metric["type"]);
        Assert.Equal("llm:jobs", (string?)metric["queue"]!["stream"]);
        Assert.Equal("workers", (string?)metric["queue"]!["consumerGroup"]);
        Assert.Equal(8, (int)metric["targetPerReplica"]!);
    }

    [Theory]
    [MemberData(nameof(ValueSets.All), MemberType = typeof(ValueSets))]
    public async Task Template_AnyValueSet_ScalePolicyValidatesAgainstTheCrdSchema(string valueSet)
    {
        var schema = await CrdSchemaAsync(TestContext.Current.CancellationToken);
        var chart = await RenderedChart.RenderAsync(valueSet, TestContext.Current.CancellationToken);

        var policy = chart.Get("ScalePolicy", "llm-platform-worker");
        var errors = schema.Validate(policy.ToJsonString());

        Assert.True(errors.Count == 0, "The chart's ScalePolicy does not validate against the CRD: " +
            string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Fact]
    public async Task CrdSchema_RejectsAPolicyWithoutTargetRef()
    {
        var schema = await CrdSchemaAsync(TestContext.Current.CancellationToken);
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);
        var policy = chart.Get("ScalePolicy", "llm-platform-worker").DeepClone().AsObject();
        policy["spec"]!.AsObject().Remove("targetRef");

        Assert.NotEmpty(schema.Validate(policy.ToJsonString()));
    }

    /// <summary>The v1alpha1 openAPIV3Schema of the ScalePolicy CRD in charts/llm-platform/crds/.</summary>
    private static async Task<JsonSchema> CrdSchemaAsync(CancellationToken cancellationToken)
    {
        var directory = Path.Combine(RepositoryPaths.Chart, "crds");
        var documents = Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.yaml").SelectMany(f => YamlJson.ParseDocuments(File.ReadAllText(f))).ToList()
            : [];
        var crd = documents.SingleOrDefault(d => (string?)d["kind"] == "CustomResourceDefinition" && (string?)d["metadata"]?["name"] == CrdName);
        Assert.True(crd is not null,
            $"No CustomResourceDefinition {CrdName} in {directory}: the operator's `crd` command writes it there (charts/llm-platform/crds/{CrdName}.yaml).");

        var version = crd["spec"]!["versions"]!.AsArray().Single(v => (string?)v!["name"] == "v1alpha1")!;
        var openApi = version["schema"]!["openAPIV3Schema"]!.DeepClone();
        return await JsonSchema.FromJsonAsync(openApi.ToJsonString(), cancellationToken);
    }
}
