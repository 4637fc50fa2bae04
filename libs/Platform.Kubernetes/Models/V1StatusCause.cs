namespace Platform.Kubernetes.Models;

/// <summary>One cause of a failure, typically a field validation error.</summary>
public sealed class V1StatusCause
{
    /// <summary>A machine-readable reason, e.g. <c>FieldValueInvalid</c>.</summary>
    public string? Reason { get; set; }

    /// <summary>A human-readable message.</summary>
    public string? Message { get; set; }

    /// <summary>The field concerned, e.g. <c>metadata.name</c>.</summary>
    public string? Field { get; set; }
}
