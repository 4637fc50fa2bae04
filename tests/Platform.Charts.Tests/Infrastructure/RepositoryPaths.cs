namespace Platform.Charts.Tests.Infrastructure;

/// <summary>Where things are in the repository, found from the test assembly's directory.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Platform.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root (the directory holding Platform.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>charts/llm-platform.</summary>
    public static string Chart => Path.Combine(Root, "charts", "llm-platform");

    /// <summary>A realistic values file of the tests (ValueSets/NAME.yaml), or null for the chart's defaults (null or "defaults").</summary>
    public static string? ValueSet(string? name) =>
        name is null or ValueSets.Defaults ? null : Path.Combine(AppContext.BaseDirectory, "ValueSets", name + ".yaml");
}
