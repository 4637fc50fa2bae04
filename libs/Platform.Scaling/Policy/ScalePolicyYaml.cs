using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Platform.Scaling.Policy;

/// <summary>
/// Reads and writes ScalePolicy YAML exactly as a user applies it with kubectl (<c>apiVersion</c>, <c>kind</c>,
/// <c>metadata</c>, <c>spec</c>). Unknown fields are errors, so a typo does not silently fall back to a default.
/// </summary>
public static class ScalePolicyYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DurationYamlConverter())
        .WithTypeConverter(new QuantityYamlConverter())
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DurationYamlConverter())
        .WithTypeConverter(new QuantityYamlConverter())
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    /// <summary>Parses one ScalePolicy document.</summary>
    /// <exception cref="FormatException">The YAML is malformed or has fields a ScalePolicy does not have; the message names the line.</exception>
    public static V1Alpha1ScalePolicy Parse(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            return Deserializer.Deserialize<V1Alpha1ScalePolicy?>(yaml) ?? throw new FormatException("The ScalePolicy document is empty.");
        }
        catch (YamlException ex)
        {
            var inner = ex.InnerException is null ? "" : ": " + ex.InnerException.Message;
            throw new FormatException($"Invalid ScalePolicy YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}{inner}", ex);
        }
    }

    /// <summary>Writes a ScalePolicy as YAML (null fields omitted).</summary>
    public static string Serialize(V1Alpha1ScalePolicy policy) => Serializer.Serialize(policy);
}
