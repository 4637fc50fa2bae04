using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// Knative-style panic mode: when the proposal from the short window reaches <c>threshold</c> × ready replicas,
/// scale up at once (no scale-up stabilization or rate policy) and never scale down until the proposal stays below
/// the threshold for <c>stableWindow</c>.
/// </summary>
public sealed class PanicSpec
{
    /// <summary>Averaging window for the panic proposal. Between 1s and 10m. Default: 6s (Knative: 10% of 60s).</summary>
    [DurationRange("1s", "10m")]
    [DefaultValue("6s")]
    [JsonPropertyName("window")]
    public Duration Window { get; set; } = Duration.FromSeconds(6);

    /// <summary>Ratio of panic proposal to ready replicas that starts panic. Between 1.1 and 10. Default: 2.0 (Knative's 200%).</summary>
    [Range(1.1, 10.0)]
    [DefaultValue(2.0)]
    [JsonPropertyName("threshold")]
    public double Threshold { get; set; } = 2.0;

    /// <summary>How long after the last panic trigger panic mode lasts. Between 1s and 1h. Default: 60s (Knative's stable window).</summary>
    [DurationRange("1s", "1h")]
    [DefaultValue("60s")]
    [JsonPropertyName("stableWindow")]
    public Duration StableWindow { get; set; } = Duration.FromSeconds(60);
}
