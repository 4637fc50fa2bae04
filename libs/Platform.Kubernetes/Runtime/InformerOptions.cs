namespace Platform.Kubernetes.Runtime;

/// <summary>Options of an <see cref="Informer{T}"/>.</summary>
public sealed class InformerOptions
{
    /// <summary>The namespace to watch; null for all namespaces. Default: null.</summary>
    public string? Namespace { get; set; }

    /// <summary>A label selector restricting the watched objects. Default: none.</summary>
    public string? LabelSelector { get; set; }

    /// <summary>How often every cached object is delivered again as an update (so level-triggered controllers re-check); null or zero disables. Default: 10 minutes.</summary>
    public TimeSpan? ResyncPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The page size of the initial list. Default: 500.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>The server-side timeout of one watch request; the informer then watches again from where it was. Default: 5 minutes.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first delay after a failed list or watch; doubles up to <see cref="MaxRetryDelay"/>. Default: 200 ms.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between failed attempts. Default: 30 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
