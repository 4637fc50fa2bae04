using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Kubernetes.Serialization;

/// <summary>
/// Kubernetes <c>MicroTime</c>: RFC 3339 in UTC with exactly six fractional digits
/// (<c>2026-01-02T03:04:05.123456Z</c>), used by Lease times and Event <c>eventTime</c>.
/// </summary>
public sealed class MicroTimeConverter : JsonConverter<DateTimeOffset?>
{
    /// <inheritdoc />
    public override bool HandleNull => false;

    /// <inheritdoc />
    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : Rfc3339TimeConverter.Parse(reader.GetString());

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(value.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
