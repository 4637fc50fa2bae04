using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>
/// The SDK container settings of the three services (build/Container.props and each project's ContainerRepository,
/// ports and arguments), read from MSBuild itself: `dotnet publish -t:PublishContainer -p:ContainerRegistry=ghcr.io`
/// must produce exactly the image the chart deploys by default, on the same runtime image as the Dockerfile.
/// No Docker engine or registry is reachable here, so the image itself is not built; MSBuild computes the same
/// repository, tag, base image, ports and arguments that PublishContainer would use.
/// </summary>
public sealed class ContainerPublishTests
{
    public static TheoryData<string, string, int> Services => new()
    {
        { "services/llm-gateway/Platform.Gateway.csproj", "gateway", 8080 },
        { "services/worker/Platform.Worker.csproj", "worker", 8081 },
        { "operator/Platform.Operator.csproj", "operator", 8082 },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task PublishContainer_ImageNameAndTag_AreWhatTheChartDeploysByDefault(string project, string service, int port)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await ContainerSettingsAsync(project, ct);
        var chart = await RenderedChart.RenderAsync(null, ct);

        var container = chart.Get("Deployment", $"llm-platform-{service}")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var published = $"ghcr.io/{settings.Property("ContainerRepository")}:{settings.Property("ContainerImageTags")}";
        Assert.Equal((string?)container["image"], published);
        Assert.Equal(port, (int)container["ports"]![0]!["containerPort"]!);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), settings.Items("ContainerPort"));
        Assert.Equal([$"--urls=http://+:{port}"], settings.Items("ContainerDefaultArgs"));
        Assert.Equal("app", settings.Property("ContainerUser"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task PublishContainer_BaseImage_IsTheDockerfilesRuntimeStage(string project, string service, int port)
    {
        _ = (service, port);
        var settings = await ContainerSettingsAsync(project, TestContext.Current.CancellationToken);
        var dockerfile = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, Path.GetDirectoryName(project)!, "Dockerfile"));
        var version = dockerfile.Single(l => l.StartsWith("ARG DOTNET_VERSION=", StringComparison.Ordinal))["ARG DOTNET_VERSION=".Length..];
        var runtime = dockerfile.Last(l => l.StartsWith("FROM ", StringComparison.Ordinal)).Split(' ')[1].Replace("${DOTNET_VERSION}", version, StringComparison.Ordinal);

        Assert.Equal(runtime, settings.Property("ContainerBaseImage"));
    }

    // One MSBuild run per project for both tests (each run starts the SDK, about a second).
    private static readonly ConcurrentDictionary<string, Lazy<Task<MsBuildAnswer>>> Answers = new(StringComparer.Ordinal);

    private static Task<MsBuildAnswer> ContainerSettingsAsync(string project, CancellationToken cancellationToken) =>
        Answers.GetOrAdd(project, p => new Lazy<Task<MsBuildAnswer>>(() => RunMsBuildAsync(p, cancellationToken))).Value;

    /// <summary>Evaluates the project and runs the SDK's ComputeContainerBaseImage target (offline), returning MSBuild's JSON answer.</summary>
    private static async Task<MsBuildAnswer> RunMsBuildAsync(string project, CancellationToken cancellationToken)
    {
        var dotnet = ToolRunner.FindOnPath("dotnet") ?? "dotnet";
        string[] arguments =
        [
            "msbuild", Path.Combine(RepositoryPaths.Root, project), "-nologo", "-t:ComputeContainerBaseImage",
            "-getProperty:ContainerRepository", "-getProperty:ContainerImageTags", "-getProperty:ContainerUser",
            "-getProperty:ContainerBaseImage", "-getItem:ContainerPort", "-getItem:ContainerDefaultArgs",
        ];
        var result = await ToolRunner.RunAsync(dotnet, arguments, RepositoryPaths.Root, TimeSpan.FromMinutes(2), cancellationToken);
        Assert.True(result.ExitCode == 0, $"dotnet msbuild failed for {project}:\n{result.Output}");
        var json = result.StandardOutput[result.StandardOutput.IndexOf('{', StringComparison.Ordinal)..];
        return new MsBuildAnswer(JsonDocument.Parse(json).RootElement.Clone());
    }

    private sealed record MsBuildAnswer(JsonElement Root)
    {
        public string? Property(string name) => Root.GetProperty("Properties").GetProperty(name).GetString();

        public string[] Items(string name) =>
            Root.TryGetProperty("Items", out var items) && items.TryGetProperty(name, out var list)
                ? [.. list.EnumerateArray().Select(i => i.GetProperty("Identity").GetString()!)]
                : [];
    }
}
