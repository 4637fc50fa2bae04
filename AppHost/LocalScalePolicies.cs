using Platform.Scaling.Policy;

namespace Platform.AppHost;

/// <summary>Reads the ScalePolicies the operator will use, to start each target at the policy's minimum.</summary>
internal static class LocalScalePolicies
{
    /// <summary>Every <c>*.yaml</c>/<c>*.yml</c> ScalePolicy in <paramref name="directory"/>; a malformed file is a <see cref="FormatException"/> naming it.</summary>
    public static IReadOnlyList<V1Alpha1ScalePolicy> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var policies = new List<V1Alpha1ScalePolicy>();
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            try
            {
                policies.Add(ScalePolicyYaml.Parse(File.ReadAllText(file)));
            }
            catch (FormatException ex)
            {
                throw new FormatException($"{file}: {ex.Message}", ex);
            }
        }

        return policies;
    }

    /// <summary>The minimum replicas of the policy targeting <paramref name="target"/>, or <paramref name="fallback"/> when none does.</summary>
    public static int InitialReplicas(IReadOnlyList<V1Alpha1ScalePolicy> policies, string target, int fallback = 1) =>
        policies.FirstOrDefault(p => string.Equals(p.Spec.TargetRef.Name, target, StringComparison.Ordinal))?.Spec.MinReplicas is { } min
            ? Math.Max(min, 0)
            : fallback;
}
