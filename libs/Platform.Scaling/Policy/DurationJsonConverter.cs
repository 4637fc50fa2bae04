using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Reads and writes <see cref="Duration"/> as a Kubernetes duration string (a number is read as seconds).</summary>
internal sealed class DurationJsonConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? Duration.FromSeconds(reader.GetDouble())
            : Duration.TryParse(reader.GetString(), out var duration)
                ? duration
                : throw new JsonException($"'{reader.GetString()}' is not a duration (expected e.g. 2s, 5m, 1h30m).");

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
