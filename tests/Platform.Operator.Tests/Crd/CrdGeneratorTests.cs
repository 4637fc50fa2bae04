using System.Text.Json;
using NJsonSchema;
using Platform.Operator.Crd;
using Platform.Operator.Tests.Infrastructure;

namespace Platform.Operator.Tests.Crd;

public sealed class CrdGeneratorTests
{
    [Fact]
    public void Generate_ChartCopy_IsIdenticalToGeneratedOutput()
    {
        var chartCopy = File.ReadAllText(Path.Combine(RepositoryRoot.Path, CrdGenerator.ChartPath));

        // If this fails, regenerate: dotnet run --project operator -- crd > charts/llm-platform/crds/scalepolicies.autoscaling.llmplatform.dev.yaml
        Assert.Equal(CrdGenerator.Generate(), chartCopy);
    }

    [Fact]
    public void Generate_Crd_HasNamesStatusSubresourceAndPrinterColumns()
    {
        var crd = YamlJson.Convert(CrdGenerator.Generate())!;
        var spec = crd["spec"]!;
        Assert.Equal("autoscaling.llmplatform.dev", (string?)spec["group"]);
        Assert.Equal("Namespaced", (string?)spec["scope"]);
        Assert.Equal("sp", (string?)spec["names"]!["shortNames"]![0]);
        var version = spec["versions"]![0]!;
        Assert.Equal("v1alpha1", (string?)version["name"]);
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.Equal(
            ["Target", "Mode", "Min", "Max", "Current", "Desired", "Age"],
            version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]));
        var specSchema = version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!;
        Assert.Contains("evaluates the policy", (string?)specSchema["properties"]!["evaluationInterval"]!["description"], StringComparison.Ordinal);
        Assert.Equal(10000L, (long?)specSchema["properties"]!["maxReplicas"]!["maximum"]);
        Assert.Equal(["Reactive", "Predictive", "Hybrid"], specSchema["properties"]!["mode"]!["enum"]!.AsArray().Select(v => (string?)v));
    }

    public static TheoryData<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tools", "platformctl", "examples"), "scalepolicy-*.yaml").Select(p => Path.GetFileName(p)!).Order()];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Schema_ExamplePolicy_Validates(string file)
    {
        var schema = await LoadSchemaAsync();
        var policy = YamlJson.Convert(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tools", "platformctl", "examples", file)))!;

        var errors = schema.Validate(policy.ToJsonString());

        Assert.Empty(errors.Select(e => e.ToString()));
    }

    [Theory]
    // An unknown mode.
    [InlineData("mode: Sometimes", "mode")]
    // maxReplicas below its minimum.
    [InlineData("maxReplicas: 0", "maxReplicas")]
    // A duration that is not a duration.
    [InlineData("evaluationInterval: soon", "evaluationInterval")]
    public async Task Schema_InvalidPolicy_IsRejected(string field, string path)
    {
        var schema = await LoadSchemaAsync();
        var yaml = $"""
            apiVersion: autoscaling.llmplatform.dev/v1alpha1
            kind: ScalePolicy
            metadata: {"{ name: bad }"}
            spec:
              targetRef: {"{ name: llm-worker }"}
              {field}
              metrics:
                - type: QueueBacklog
                  queue: {"{ stream: llm:jobs, consumerGroup: workers }"}
                  targetPerReplica: 8
            """;

        var errors = schema.Validate(YamlJson.Convert(yaml)!.ToJsonString());

        Assert.Contains(errors, e => e.Path?.Contains(path, StringComparison.Ordinal) == true);
    }

    private static Task<JsonSchema> LoadSchemaAsync()
    {
        var crd = YamlJson.Convert(CrdGenerator.Generate())!;
        var openApi = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        return JsonSchema.FromJsonAsync(openApi.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }
}
