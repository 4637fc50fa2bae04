using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>YAML scalar ⇄ <see cref="Duration"/> (and nullable).</summary>
internal sealed class DurationYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(Duration) || type == typeof(Duration?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (type == typeof(Duration?) && scalar.Value is "" or "null" or "~")
        {
            return null;
        }

        return Duration.TryParse(scalar.Value, out var duration)
            ? duration
            : throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a duration (expected e.g. 2s, 500ms, 5m, 1h30m).");
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer) =>
        emitter.Emit(new Scalar(value?.ToString() ?? ""));
}
