using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>How a policy combines reactive and predictive proposals.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ScaleMode>))]
public enum ScaleMode
{
    /// <summary>Only the reactive (HPA-style) proposal from current metrics.</summary>
    Reactive,

    /// <summary>The forecast-based proposal; it still never scales in below what current load needs (see Hybrid).</summary>
    Predictive,

    /// <summary>max(reactive, predictive): the forecast raises the floor and never scales in alone.</summary>
    Hybrid,
}
