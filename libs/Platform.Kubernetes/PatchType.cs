namespace Platform.Kubernetes;

/// <summary>The kind of a PATCH body.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch (<c>application/merge-patch+json</c>).</summary>
    MergePatch,

    /// <summary>RFC 6902 JSON patch (<c>application/json-patch+json</c>).</summary>
    JsonPatch,
}
