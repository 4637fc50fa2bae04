using System.Text.RegularExpressions;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>The Alertmanager receiver examples in docs/alerting.md are configurations amtool accepts.</summary>
public sealed partial class AlertmanagerConfigTests
{
    [Fact]
    public async Task CheckConfig_EveryAlertmanagerExampleInTheDocs_IsValid()
    {
        var amtool = ToolRunner.FindOnPath("amtool");
        Assert.SkipWhen(amtool is null, "amtool is not installed (apt-get install -y prometheus-alertmanager).");
        var doc = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "docs", "alerting.md"), TestContext.Current.CancellationToken);
        var examples = AlertmanagerBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();
        Assert.True(examples.Count >= 1, "docs/alerting.md has no ```yaml block starting with '# alertmanager.yml'.");

        var directory = Directory.CreateTempSubdirectory("alertmanager-");
        try
        {
            for (var i = 0; i < examples.Count; i++)
            {
                var file = Path.Combine(directory.FullName, $"example-{i}.yml");
                await File.WriteAllTextAsync(file, examples[i], TestContext.Current.CancellationToken);

                var result = await ToolRunner.RunAsync(amtool!, ["check-config", file], directory.FullName, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

                Assert.True(result.ExitCode == 0, $"Example {i + 1} of docs/alerting.md:\n{result.Output}");
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"```yaml\n(# alertmanager\.yml.*?)```", RegexOptions.Singleline)]
    private static partial Regex AlertmanagerBlock();
}
