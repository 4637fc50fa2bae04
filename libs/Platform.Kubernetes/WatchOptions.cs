namespace Platform.Kubernetes;

/// <summary>Query options of a watch call.</summary>
public sealed record WatchOptions
{
    /// <summary>Start after this resource version; null or empty sends the current state as ADDED events first.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Ask for BOOKMARK events. Default: true.</summary>
    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>Ask the server to end the stream after this long. Default: none (server default).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>A label selector.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>A field selector.</summary>
    public string? FieldSelector { get; init; }
}
