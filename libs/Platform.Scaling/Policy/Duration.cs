using System.Globalization;
using System.Text;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>
/// A Kubernetes/Go-style duration such as <c>2s</c>, <c>500ms</c>, <c>5m</c> or <c>1h30m</c>.
/// Serialized as that string in JSON and YAML; a bare number is read as seconds.
/// </summary>
[JsonConverter(typeof(DurationJsonConverter))]
public readonly record struct Duration : IComparable<Duration>
{
    /// <summary>Creates a duration from a <see cref="TimeSpan"/>.</summary>
    public Duration(TimeSpan value) => Value = value;

    /// <summary>The duration as a <see cref="TimeSpan"/>.</summary>
    public TimeSpan Value { get; }

    /// <summary>Total seconds, fractional.</summary>
    public double TotalSeconds => Value.TotalSeconds;

    /// <summary>Creates a duration of whole or fractional seconds.</summary>
    public static Duration FromSeconds(double seconds) => new(TimeSpan.FromSeconds(seconds));

    /// <summary>Parses <c>[number unit]+</c> with units ns, us, ms, s, m, h (or a bare number of seconds).</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static Duration Parse(string text)
    {
        if (TryParse(text, out var duration))
        {
            return duration;
        }

        throw new FormatException($"'{text}' is not a duration (expected e.g. 2s, 500ms, 5m, 1h30m).");
    }

    /// <summary>Tries to parse a duration; see <see cref="Parse"/>.</summary>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            duration = FromSeconds(bare);
            return true;
        }

        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        double totalSeconds = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]) || i < s.Length && s[i] == 'µ')
            {
                i++;
            }

            double? scale = s[unitStart..i] switch
            {
                "ns" => 1e-9,
                "us" or "µs" => 1e-6,
                "ms" => 1e-3,
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            totalSeconds += number * scale.Value;
        }

        duration = FromSeconds(negative ? -totalSeconds : totalSeconds);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(Duration other) => Value.CompareTo(other.Value);

    /// <summary>Compares two durations.</summary>
    public static bool operator <(Duration left, Duration right) => left.CompareTo(right) < 0;

    /// <summary>Compares two durations.</summary>
    public static bool operator >(Duration left, Duration right) => left.CompareTo(right) > 0;

    /// <summary>Compares two durations.</summary>
    public static bool operator <=(Duration left, Duration right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two durations.</summary>
    public static bool operator >=(Duration left, Duration right) => left.CompareTo(right) >= 0;

    /// <summary>Formats like Go's <c>time.Duration.String()</c> without zero parts: <c>1h30m</c>, <c>2s</c>, <c>1.5s</c>, <c>500ms</c>.</summary>
    public override string ToString()
    {
        var ticks = Value.Ticks;
        if (ticks == 0)
        {
            return "0s";
        }

        var sb = new StringBuilder();
        if (ticks < 0)
        {
            sb.Append('-');
            ticks = -ticks;
        }

        var span = TimeSpan.FromTicks(ticks);
        if (span < TimeSpan.FromSeconds(1))
        {
            return sb.Append(span.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms").ToString();
        }

        var hours = (long)span.TotalHours;
        if (hours > 0)
        {
            sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (span.Minutes > 0)
        {
            sb.Append(span.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = span.Seconds + (span.Milliseconds / 1000.0);
        if (seconds > 0)
        {
            sb.Append(seconds.ToString("0.###", CultureInfo.InvariantCulture)).Append('s');
        }

        return sb.ToString();
    }
}
