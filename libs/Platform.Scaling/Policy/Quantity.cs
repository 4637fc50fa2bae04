using System.Globalization;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// A metric target: a plain number (<c>100</c>, <c>0.5</c>), a Kubernetes quantity with a decimal suffix
/// (<c>500m</c> = 0.5, <c>2k</c> = 2000), or a duration read as seconds (<c>20s</c>, <c>1500ms</c>, <c>1h</c>).
/// A lone <c>m</c> suffix is milli, as in Kubernetes quantities, never minutes.
/// </summary>
[JsonConverter(typeof(QuantityJsonConverter))]
public readonly record struct Quantity
{
    /// <summary>Creates a quantity.</summary>
    public Quantity(double value) => Value = value;

    /// <summary>The numeric value (seconds for durations).</summary>
    public double Value { get; }

    /// <summary>Parses a quantity; see the type remarks.</summary>
    /// <exception cref="FormatException">The text is not a quantity.</exception>
    public static Quantity Parse(string text) =>
        TryParse(text, out var q) ? q : throw new FormatException($"'{text}' is not a quantity (expected e.g. 100, 500m, 2k, 20s).");

    /// <summary>Tries to parse a quantity.</summary>
    public static bool TryParse(string? text, out Quantity quantity)
    {
        quantity = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain))
        {
            quantity = new Quantity(plain);
            return true;
        }

        (string Suffix, double Scale)[] decimalSuffixes = [("m", 1e-3), ("k", 1e3), ("M", 1e6), ("G", 1e9), ("Ki", 1024), ("Mi", 1024 * 1024)];
        foreach (var (suffix, scale) in decimalSuffixes)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(s.AsSpan(0, s.Length - suffix.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
            {
                quantity = new Quantity(n * scale);
                return true;
            }
        }

        if (Duration.TryParse(s, out var duration))
        {
            quantity = new Quantity(duration.TotalSeconds);
            return true;
        }

        return false;
    }

    /// <summary>Converts a number to a quantity.</summary>
    public static implicit operator Quantity(double value) => new(value);

    /// <summary>Creates a quantity from a number.</summary>
    public static Quantity FromDouble(double value) => new(value);

    /// <summary>Formats as a plain invariant number.</summary>
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}
