namespace Platform.Kubernetes.Models;

/// <summary>Details of a <see cref="V1Status"/>.</summary>
public sealed class V1StatusDetails
{
    /// <summary>The name of the object concerned.</summary>
    public string? Name { get; set; }

    /// <summary>The API group of the object concerned.</summary>
    public string? Group { get; set; }

    /// <summary>The kind (resource) of the object concerned.</summary>
    public string? Kind { get; set; }

    /// <summary>Individual causes (field validation errors).</summary>
    public List<V1StatusCause>? Causes { get; set; }
}
