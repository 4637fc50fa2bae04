using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Kubernetes.Serialization;

/// <summary>Kubernetes JSON conventions: camelCase names, nulls omitted, RFC 3339 times.</summary>
public static class KubernetesJson
{
    /// <summary>The serializer options every call of the client uses.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new Rfc3339TimeConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
