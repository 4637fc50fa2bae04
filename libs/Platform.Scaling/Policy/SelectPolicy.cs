using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Which rate policy wins when several apply (HPA selectPolicy).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SelectPolicy>))]
public enum SelectPolicy
{
    /// <summary>The policy allowing the largest change (HPA default).</summary>
    Max,

    /// <summary>The policy allowing the smallest change.</summary>
    Min,

    /// <summary>Scaling in this direction is disabled.</summary>
    Disabled,
}
