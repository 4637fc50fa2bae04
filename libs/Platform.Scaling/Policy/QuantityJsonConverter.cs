using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>Reads a <see cref="Quantity"/> from a number or a quantity string; writes a number.</summary>
internal sealed class QuantityJsonConverter : JsonConverter<Quantity>
{
    public override Quantity Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? new Quantity(reader.GetDouble())
            : Quantity.TryParse(reader.GetString(), out var q)
                ? q
                : throw new JsonException($"'{reader.GetString()}' is not a quantity.");

    public override void Write(Utf8JsonWriter writer, Quantity value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.Value);
}
