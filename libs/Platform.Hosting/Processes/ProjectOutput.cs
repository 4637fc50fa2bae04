using System.Diagnostics;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Platform.Hosting.Processes;

/// <summary>Finds a .NET project's build output (<c>bin/{configuration}/{tfm}/{assembly}.dll</c>), building it when asked or missing.</summary>
internal static class ProjectOutput
{
    /// <summary>The <c>dotnet</c> host: the one running this process when it is <c>dotnet</c>, else the one on PATH.</summary>
    public static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self
        : CommandLocator.Find("dotnet") ?? "dotnet";

    public static string AssemblyName(string projectPath)
    {
        try
        {
            var name = XDocument.Load(projectPath).Descendants("AssemblyName").Select(e => e.Value.Trim()).FirstOrDefault(v => v.Length > 0);
            return name ?? Path.GetFileNameWithoutExtension(projectPath);
        }
        catch (System.Xml.XmlException)
        {
            return Path.GetFileNameWithoutExtension(projectPath);
        }
    }

    public static string? Find(string projectPath, string configuration)
    {
        var bin = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration);
        if (!Directory.Exists(bin))
        {
            return null;
        }

        var file = AssemblyName(projectPath) + ".dll";
        return Directory.EnumerateDirectories(bin)
            .Select(dir => Path.Combine(dir, file))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    public static async Task<string> ResolveAsync(string projectPath, string configuration, bool build, ResourceOutput output, ILogger logger, CancellationToken cancellationToken)
    {
        if (!File.Exists(projectPath))
        {
            throw new ResourceStartException($"Project file '{projectPath}' does not exist.");
        }

        if (!build && Find(projectPath, configuration) is { } existing)
        {
            return existing;
        }

        var name = Path.GetFileNameWithoutExtension(projectPath);
        Log.Building(logger, name);
        var info = new ProcessStartInfo(DotNetHost)
        {
            ArgumentList = { "build", projectPath, "-c", configuration, "--nologo", "-v", "q", "-clp:NoSummary" },
        };
        using var replica = new ReplicaProcess(new ReplicaContext(name, 0, null), "build " + name, info, output);
        replica.Start();
        int code;
        try
        {
            code = await replica.Exited.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        }
        finally
        {
            if (!replica.Exited.IsCompleted)
            {
                await replica.StopAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            }
        }

        return code == 0 && Find(projectPath, configuration) is { } built
            ? built
            : throw new ResourceStartException($"Building '{projectPath}' failed (exit code {code}); see the build output above.");
    }
}
