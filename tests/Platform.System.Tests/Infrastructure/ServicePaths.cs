using System.Reflection;

namespace Platform.SystemTests.Infrastructure;

/// <summary>Where the services' build output and the Node scripts are: found from the repository root (the folder holding Platform.sln).</summary>
internal static class ServicePaths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The build configuration of this test assembly (the services are built with the same one).</summary>
    public static string Configuration { get; } =
        typeof(ServicePaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "Configuration")?.Value ?? "Debug";

    /// <summary>services/llm-gateway's Platform.Gateway.dll.</summary>
    public static string Gateway => Service("llm-gateway", "Platform.Gateway.dll");

    /// <summary>services/worker's Platform.Worker.dll.</summary>
    public static string Worker => Service("worker", "Platform.Worker.dll");

    /// <summary>tests/Platform.System.Tests/node.</summary>
    public static string NodeScripts => Path.Combine(RepositoryRoot, "tests", "Platform.System.Tests", "node");

    private static string Service(string folder, string dll)
    {
        var path = Path.Combine(RepositoryRoot, "services", folder, "bin", Configuration, "net10.0", dll);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{path} was not found; build services/{folder} ({Configuration}) first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Platform.sln was not found above " + AppContext.BaseDirectory);
    }
}
