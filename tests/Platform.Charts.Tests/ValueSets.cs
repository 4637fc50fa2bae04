namespace Platform.Charts.Tests;

/// <summary>The value sets every rendering test runs with: the defaults and the realistic files in ValueSets/.</summary>
internal static class ValueSets
{
    /// <summary>The chart's own values.yaml, with no values file.</summary>
    public const string Defaults = "defaults";

    /// <summary><see cref="Defaults"/> and every ValueSets/*.yaml name.</summary>
    public static TheoryData<string> All => [Defaults, "external-redis", "collector-off", "ingress-on", "production"];
}
