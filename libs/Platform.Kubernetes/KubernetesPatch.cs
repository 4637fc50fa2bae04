using System.Text.Json;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes;

/// <summary>A PATCH body and its type.</summary>
/// <param name="Type">Merge patch or JSON patch.</param>
/// <param name="Body">The JSON body.</param>
public sealed record KubernetesPatch(PatchType Type, string Body)
{
    /// <summary>The media type of the body.</summary>
    public string ContentType => Type switch
    {
        PatchType.MergePatch => "application/merge-patch+json",
        PatchType.JsonPatch => "application/json-patch+json",
        _ => throw new InvalidOperationException($"Unknown patch type {Type}."),
    };

    /// <summary>A merge patch from an object (serialized with Kubernetes conventions: nulls omitted).</summary>
    /// <param name="patch">An object or anonymous object with the fields to set.</param>
    /// <returns>The patch.</returns>
    public static KubernetesPatch Merge(object patch) =>
        new(PatchType.MergePatch, JsonSerializer.Serialize(patch, KubernetesJson.Options));

    /// <summary>A JSON patch from a list of operations such as <c>new { op = "replace", path = "/spec/replicas", value = 3 }</c>.</summary>
    /// <param name="operations">The operations.</param>
    /// <returns>The patch.</returns>
    public static KubernetesPatch Json(IEnumerable<object> operations) =>
        new(PatchType.JsonPatch, JsonSerializer.Serialize(operations, KubernetesJson.Options));
}
