namespace Platform.Scaling.Policy;

/// <summary>
/// The inclusive range a <see cref="Duration"/> field accepts; read by validation and by the CRD schema generator.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class DurationRangeAttribute : Attribute
{
    /// <summary>Creates the attribute from two duration strings such as <c>1s</c> and <c>24h</c>.</summary>
    public DurationRangeAttribute(string minimum, string maximum)
    {
        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>Smallest accepted duration, as a duration string.</summary>
    public string Minimum { get; }

    /// <summary>Largest accepted duration, as a duration string.</summary>
    public string Maximum { get; }
}
