using System.Diagnostics;
using System.Text;

namespace Platform.SystemTests.Infrastructure;

/// <summary>Runs the Node scripts in <c>tests/Platform.System.Tests/node</c>, installing their packages with <c>npm ci</c> when missing.</summary>
internal static class NodeRunner
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>The <c>node</c> executable on PATH, or null when Node.js is not installed.</summary>
    public static string? NodePath { get; } = FindOnPath("node");

    /// <summary>Runs <c>npm ci</c> in the scripts folder unless <c>node_modules/openai</c> is there already.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        await InstallGate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(Path.Combine(ServicePaths.NodeScripts, "node_modules", "openai", "package.json")))
            {
                return;
            }

            var npm = FindOnPath("npm") ?? throw new InvalidOperationException("node is installed but npm is not on PATH.");
            var (exitCode, stdout, stderr) = await RunProcessAsync(npm, ["ci", "--no-audit", "--no-fund"], new Dictionary<string, string>(),
                TimeSpan.FromMinutes(3), cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed with {exitCode}:\n{stdout}\n{stderr}");
            }
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>Runs <c>node SCRIPT</c> in the scripts folder with extra environment variables.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunProcessAsync(NodePath ?? throw new InvalidOperationException("node is not installed."), [script], environment, timeout, cancellationToken);

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunProcessAsync(
        string fileName, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = ServicePaths.NodeScripts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(' ', arguments)} did not finish within {timeout}:\n{stdout}\n{stderr}");
        }

        // WaitForExitAsync also waits for the end of the redirected streams.
        return (process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
