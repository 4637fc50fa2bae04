using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>files/alerts.rules.yaml passes `promtool check rules`, and its unit tests pass `promtool test rules`.</summary>
public sealed class AlertRulesTests
{
    private static string FilesDirectory => Path.Combine(RepositoryPaths.Chart, "files");

    [Fact]
    public async Task CheckRules_RulesFile_IsValid()
    {
        var promtool = RequirePromtool();

        var result = await ToolRunner.RunAsync(promtool, ["check", "rules", "alerts.rules.yaml"], FilesDirectory, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestRules_UnitTests_Pass()
    {
        var promtool = RequirePromtool();

        var result = await ToolRunner.RunAsync(promtool, ["test", "rules", "alerts.test.yaml"], FilesDirectory, TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task UnitTests_CoverEveryAlertBothFiringAndQuiet()
    {
        var rules = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(FilesDirectory, "alerts.rules.yaml"), TestContext.Current.CancellationToken))!;
        var tests = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(FilesDirectory, "alerts.test.yaml"), TestContext.Current.CancellationToken))!;

        var alerts = rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["alert"]!).ToHashSet();
        var checks = tests["tests"]!.AsArray().SelectMany(t => t!["alert_rule_test"]!.AsArray()).ToList();
        foreach (var alert in alerts)
        {
            var forAlert = checks.Where(c => (string?)c!["alertname"] == alert).ToList();
            Assert.True(forAlert.Any(c => c!["exp_alerts"]!.AsArray().Count > 0), $"No test where {alert} fires.");
            Assert.True(forAlert.Any(c => c!["exp_alerts"]!.AsArray().Count == 0), $"No test where {alert} stays quiet.");
        }
    }

    [Fact]
    public async Task Rules_EveryAlert_HasASeverityAndAForDuration()
    {
        var rules = YamlJson.Parse(await File.ReadAllTextAsync(Path.Combine(FilesDirectory, "alerts.rules.yaml"), TestContext.Current.CancellationToken))!;

        var all = rules["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).ToList();
        Assert.All(all, r =>
        {
            Assert.Contains((string?)r!["labels"]!["severity"], new[] { "warning", "critical" });
            Assert.False(string.IsNullOrEmpty((string?)r["for"]), $"{r["alert"]} has no for:");
        });
        // Warning and critical pairs for the signals the platform promises.
        foreach (var alert in new[] { "LlmLatencyP95High", "LlmErrorRateHigh", "LlmTimeoutRateHigh", "QueueWaitP95High", "DeadLetterGrowing", "LlmCostPerHourHigh", "ScalePolicyPinnedAtMax" })
        {
            Assert.Equal(["critical", "warning"], all.Where(r => (string?)r!["alert"] == alert).Select(r => (string)r!["labels"]!["severity"]!).Order());
        }
    }

    private static string RequirePromtool()
    {
        var promtool = ToolRunner.FindOnPath("promtool");
        Assert.SkipWhen(promtool is null, "promtool is not installed (apt-get install -y prometheus; .ci/run installs it).");
        return promtool!;
    }
}
