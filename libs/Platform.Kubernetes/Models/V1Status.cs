namespace Platform.Kubernetes.Models;

/// <summary>The <c>Status</c> object the API server returns for errors (and some deletes).</summary>
public sealed class V1Status
{
    /// <summary>Always <c>Status</c>.</summary>
    public string? Kind { get; set; }

    /// <summary>Always <c>v1</c>.</summary>
    public string? ApiVersion { get; set; }

    /// <summary><c>Success</c> or <c>Failure</c>.</summary>
    public string? Status { get; set; }

    /// <summary>A human-readable description.</summary>
    public string? Message { get; set; }

    /// <summary>A machine-readable reason: <c>NotFound</c>, <c>Conflict</c>, <c>AlreadyExists</c>, <c>Gone</c>, <c>Expired</c>, <c>Invalid</c>, ...</summary>
    public string? Reason { get; set; }

    /// <summary>The HTTP status code this status stands for.</summary>
    public int? Code { get; set; }

    /// <summary>Extra details: the name and kind of the object concerned, causes of validation errors.</summary>
    public V1StatusDetails? Details { get; set; }
}
