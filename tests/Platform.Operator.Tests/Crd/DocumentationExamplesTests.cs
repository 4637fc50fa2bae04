using System.Text.RegularExpressions;
using NJsonSchema;
using Platform.Operator.Crd;
using Platform.Operator.Tests.Infrastructure;
using Platform.Scaling.Policy;

namespace Platform.Operator.Tests.Crd;

/// <summary>The worked examples in docs/scalepolicy.md are policies a user can apply: valid for the CRD schema and the operator.</summary>
public sealed partial class DocumentationExamplesTests
{
    public static TheoryData<int> Examples() => [.. Enumerable.Range(0, ExampleBlocks().Count)];

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_InDocs_ValidatesAgainstSchemaAndOperator(int index)
    {
        var yaml = ExampleBlocks()[index];
        var crd = YamlJson.Convert(CrdGenerator.Generate())!;
        var schema = await JsonSchema.FromJsonAsync(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.ToJsonString(), TestContext.Current.CancellationToken);

        Assert.Empty(schema.Validate(YamlJson.Convert(yaml)!.ToJsonString()).Select(e => e.ToString()));
        Assert.Empty(ScalePolicyValidator.Validate(ScalePolicyYaml.Parse(yaml)).Select(p => p.ToString()));
    }

    private static List<string> ExampleBlocks()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "scalepolicy.md"));
        var blocks = YamlBlock().Matches(text).Select(m => m.Groups[1].Value).Where(b => b.Contains("kind: ScalePolicy", StringComparison.Ordinal)).ToList();
        Assert.True(blocks.Count >= 3, "the docs have the reactive, hybrid and preview examples");
        return blocks;
    }

    [GeneratedRegex("```yaml\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
