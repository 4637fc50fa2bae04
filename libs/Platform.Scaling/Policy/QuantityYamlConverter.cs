using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>YAML scalar ⇄ <see cref="Quantity"/> (and nullable).</summary>
internal sealed class QuantityYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(Quantity) || type == typeof(Quantity?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (type == typeof(Quantity?) && scalar.Value is "" or "null" or "~")
        {
            return null;
        }

        return Quantity.TryParse(scalar.Value, out var quantity)
            ? quantity
            : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a quantity (expected e.g. 100, 500m, 20s).");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(value?.ToString() ?? ""));
}
