namespace Platform.Kubernetes;

/// <summary>Query options of a list call.</summary>
public sealed record ListOptions
{
    /// <summary>A label selector, e.g. <c>app=worker,tier!=cache</c>.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector, e.g. <c>metadata.name=worker</c>.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>The page size; null for everything at once.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page.</summary>
    public string? Continue { get; init; }

    /// <summary>The resource version to list at; null for the most recent.</summary>
    public string? ResourceVersion { get; init; }
}
