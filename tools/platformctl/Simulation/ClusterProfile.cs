using System.ComponentModel.DataAnnotations;
using Platform.Scaling.Policy;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Platform.Cli.Simulation;

/// <summary>
/// The simulated cluster (profile YAML, camelCase keys). Service time of a request =
/// timeToFirstToken + inputTokens × timePerInputToken + outputTokens × timePerOutputToken.
/// </summary>
internal sealed class ClusterProfile
{
    /// <summary>Seconds from a scale-up decision to a ready replica. Default: 30.</summary>
    [Range(0, 3600)]
    public double StartupDelaySeconds { get; set; } = 30;

    /// <summary>Requests one replica serves at once. Default: 8.</summary>
    [Range(1, 10_000)]
    public int ConcurrencyPerReplica { get; set; } = 8;

    /// <summary>Time to first token, seconds. Default: 0.3.</summary>
    [Range(0, 600)]
    public double TimeToFirstTokenSeconds { get; set; } = 0.3;

    /// <summary>Seconds per output token (decode). Default: 0.02 (50 tokens/s).</summary>
    [Range(0, 10)]
    public double TimePerOutputTokenSeconds { get; set; } = 0.02;

    /// <summary>Seconds per input token (prefill). Default: 0.0002 (5,000 tokens/s).</summary>
    [Range(0, 10)]
    public double TimePerInputTokenSeconds { get; set; } = 0.0002;

    /// <summary>Replicas at the start of every run. Default: null = what the first minute's load needs.</summary>
    [Range(0, 10_000)]
    public int? InitialReplicas { get; set; }

    public double ServiceTime(int inputTokens, int outputTokens) =>
        TimeToFirstTokenSeconds + (inputTokens * TimePerInputTokenSeconds) + (outputTokens * TimePerOutputTokenSeconds);

    public static ClusterProfile Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        var profile = deserializer.Deserialize<ClusterProfile?>(yaml) ?? new ClusterProfile();
        var problems = new List<ValidationResult>();
        if (!Validator.TryValidateObject(profile, new ValidationContext(profile), problems, validateAllProperties: true))
        {
            throw new FormatException("Invalid profile: " + string.Join("; ", problems.Select(p => p.ErrorMessage)));
        }

        return profile;
    }

    public override string ToString() =>
        $"startup {Duration.FromSeconds(StartupDelaySeconds)}, concurrency {ConcurrencyPerReplica}/replica, TTFT {TimeToFirstTokenSeconds}s, {TimePerOutputTokenSeconds * 1000}ms/output token, {TimePerInputTokenSeconds * 1000}ms/input token";
}
