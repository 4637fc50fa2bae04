using System.Xml.Linq;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>
/// The services' Dockerfiles (no Docker engine here, so they are checked as text): multi-stage SDK → chiseled
/// ASP.NET runtime, non-root, every project the build needs copied into the build stage.
/// </summary>
public sealed class DockerfileTests
{
    public static TheoryData<string, string, int> Images => new()
    {
        { "services/llm-gateway", "Platform.Gateway", 8080 },
        { "services/worker", "Platform.Worker", 8081 },
        { "operator", "Platform.Operator", 8082 },
    };

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_BuildsWithTheSdkAndRunsOnTheChiseledRuntimeAsNonRoot(string folder, string project, int port)
    {
        var lines = Lines(folder);

        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:", froms[0], StringComparison.Ordinal);
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:", froms[1], StringComparison.Ordinal);
        Assert.Contains("-chiseled", froms[1], StringComparison.Ordinal);
        var runtimeStage = lines.SkipWhile(l => l != froms[1]).ToList();
        Assert.Contains("USER $APP_UID", runtimeStage);
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{project}.dll\"]", runtimeStage);
        Assert.Contains($"EXPOSE {port}", runtimeStage);
        Assert.DoesNotContain(runtimeStage, l => l.StartsWith("RUN ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_CopiesEveryProjectTheServiceReferences(string folder, string project, int port)
    {
        _ = port;
        var lines = Lines(folder);
        var copied = lines
            .Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .Select(s => s.TrimEnd('/'))
            .ToHashSet();
        Assert.All(copied, source => Assert.True(
            File.Exists(Path.Combine(RepositoryPaths.Root, source)) || Directory.Exists(Path.Combine(RepositoryPaths.Root, source)),
            $"{folder}/Dockerfile copies {source}, which does not exist."));

        var projectFile = Path.Combine(folder, project + ".csproj").Replace('\\', '/');
        Assert.Contains(lines, l => l.Contains($"dotnet restore {projectFile}", StringComparison.Ordinal));
        foreach (var needed in ProjectClosure(Path.Combine(RepositoryPaths.Root, projectFile)))
        {
            var directory = Path.GetRelativePath(RepositoryPaths.Root, Path.GetDirectoryName(needed)!).Replace('\\', '/');
            Assert.True(copied.Contains(directory), $"{folder}/Dockerfile does not copy {directory}, which {project} needs.");

            // Files the projects import (build/Container.props) must be in the build context too, or restore fails.
            foreach (var import in XDocument.Load(needed).Descendants("Import").Select(i => i.Attribute("Project")!.Value))
            {
                var imported = Path.GetRelativePath(RepositoryPaths.Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(needed)!, import))).Replace('\\', '/');
                Assert.True(
                    copied.Contains(imported) || copied.Contains(Path.GetDirectoryName(imported)!.Replace('\\', '/')),
                    $"{folder}/Dockerfile does not copy {imported}, which {Path.GetFileName(needed)} imports.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_RemovesHostBuildOutputBeforeRestoring(string folder, string project, int port)
    {
        _ = (project, port);
        var text = string.Join('\n', Lines(folder));

        var clean = text.IndexOf("-name bin -o -name obj", StringComparison.Ordinal);
        Assert.True(clean > 0 && clean < text.IndexOf("dotnet restore", StringComparison.Ordinal), "bin/obj from the host must be removed before restore.");
    }

    private static List<string> Lines(string folder) =>
        [.. File.ReadAllLines(Path.Combine(RepositoryPaths.Root, folder, "Dockerfile")).Select(l => l.Trim())];

    /// <summary>The project and every project it references, transitively.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
        }

        return seen;
    }
}
