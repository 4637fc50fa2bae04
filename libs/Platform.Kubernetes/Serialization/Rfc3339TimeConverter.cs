using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Kubernetes.Serialization;

/// <summary>Kubernetes <c>Time</c>: RFC 3339 in UTC with whole seconds (<c>2026-01-02T03:04:05Z</c>).</summary>
public sealed class Rfc3339TimeConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Parse(reader.GetString()) ?? throw new JsonException("Expected an RFC 3339 time.");

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Formats a time the way the API server does: UTC, whole seconds, <c>Z</c>.</summary>
    /// <param name="value">The time.</param>
    /// <returns>The RFC 3339 string.</returns>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset? Parse(string? text) =>
        string.IsNullOrEmpty(text)
            ? null
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
