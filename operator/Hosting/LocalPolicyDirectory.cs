using Microsoft.Extensions.Logging;
using Platform.Scaling.Policy;

namespace Platform.Operator.Hosting;

/// <summary>
/// Local mode's policy source: every <c>*.yaml</c>/<c>*.yml</c> ScalePolicy in a directory, re-read when a file
/// changes (polled at most once a second: simple and reliable on every file system). A file's namespace defaults to
/// <c>default</c>; each change bumps the policy's generation, as the API server does for a spec change. A file that
/// does not parse is logged and skipped.
/// </summary>
internal sealed class LocalPolicyDirectory(string directory, TimeProvider timeProvider, ILogger<LocalPolicyDirectory> logger) : IPolicySource
{
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (DateTime Modified, long Length, V1Alpha1ScalePolicy? Policy)> _files = new(StringComparer.Ordinal);
    private IReadOnlyList<V1Alpha1ScalePolicy> _policies = [];
    private DateTimeOffset _lastScan = DateTimeOffset.MinValue;
    private long _generation;

    /// <summary>The directory read.</summary>
    public string Directory => directory;

    public IReadOnlyList<V1Alpha1ScalePolicy> Current()
    {
        lock (_lock)
        {
            var now = timeProvider.GetUtcNow();
            if (now - _lastScan >= ScanInterval)
            {
                _lastScan = now;
                Scan();
            }

            return _policies;
        }
    }

    private void Scan()
    {
        var paths = System.IO.Directory.Exists(directory)
            ? System.IO.Directory.EnumerateFiles(directory)
                .Where(p => p.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        var changed = false;
        foreach (var gone in _files.Keys.Where(k => !paths.Contains(k)).ToList())
        {
            _files.Remove(gone);
            changed = true;
        }

        foreach (var path in paths)
        {
            var info = new FileInfo(path);
            if (_files.TryGetValue(path, out var known) && known.Modified == info.LastWriteTimeUtc && known.Length == info.Length)
            {
                continue;
            }

            changed = true;
            _files[path] = (info.LastWriteTimeUtc, info.Length, Read(path));
        }

        if (changed)
        {
            _policies = [.. _files.Values.Where(f => f.Policy is not null).Select(f => f.Policy!)];
            Log.PoliciesLoaded(logger, _policies.Count, directory);
        }
    }

    private V1Alpha1ScalePolicy? Read(string path)
    {
        try
        {
            var policy = ScalePolicyYaml.Parse(File.ReadAllText(path));
            policy.Metadata.Namespace ??= "default";
            policy.Metadata.Name ??= Path.GetFileNameWithoutExtension(path);
            policy.Metadata.Generation = ++_generation;
            return policy;
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            Log.PolicyFileInvalid(logger, path, ex.Message);
            return null;
        }
    }
}
