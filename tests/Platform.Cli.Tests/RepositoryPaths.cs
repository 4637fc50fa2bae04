namespace Platform.Cli.Tests;

/// <summary>Finds the repository root (the directory holding Platform.sln) and the shared traces beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln not found above " + AppContext.BaseDirectory);
    }

    public static string? AzureTrace()
    {
        var path = Path.GetFullPath(Path.Combine(Root(), "..", "shared", "traces", "AzureLLMInferenceTrace_conv.csv"));
        return File.Exists(path) ? path : null;
    }

    public static string Example(string name) => Path.Combine(Root(), "tools", "platformctl", "examples", name);
}
