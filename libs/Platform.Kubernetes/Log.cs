using Microsoft.Extensions.Logging;

namespace Platform.Kubernetes;

// Tokens, keys and object contents never appear here: only ids, names, versions and counts.
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Kubernetes {Method} {Path} -> {StatusCode}")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(2, LogLevel.Information, "Got 401 Unauthorized; re-reading the token file and retrying once")]
    public static partial void RetryingAfterUnauthorized(ILogger logger);

    [LoggerMessage(10, LogLevel.Information, "Informer {Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(11, LogLevel.Debug, "Informer {Resource}: watch ended at resourceVersion {ResourceVersion}; resuming")]
    public static partial void WatchEnded(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(12, LogLevel.Information, "Informer {Resource}: resourceVersion {ResourceVersion} expired (410 Gone); relisting")]
    public static partial void WatchExpired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(13, LogLevel.Warning, "Informer {Resource}: list/watch failed; retrying in {Delay}")]
    public static partial void ListWatchFailed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(14, LogLevel.Error, "Informer {Resource}: an event handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string resource);

    [LoggerMessage(20, LogLevel.Information, "Leader election {Lease}: {Identity} became the leader")]
    public static partial void StartedLeading(ILogger logger, string lease, string identity);

    [LoggerMessage(21, LogLevel.Information, "Leader election {Lease}: {Identity} stopped leading")]
    public static partial void StoppedLeading(ILogger logger, string lease, string identity);

    [LoggerMessage(22, LogLevel.Information, "Leader election {Lease}: the leader is now {Leader}")]
    public static partial void NewLeader(ILogger logger, string lease, string leader);

    [LoggerMessage(23, LogLevel.Debug, "Leader election {Lease}: attempt by {Identity} failed")]
    public static partial void AttemptFailed(ILogger logger, Exception exception, string lease, string identity);

    [LoggerMessage(24, LogLevel.Information, "Leader election {Lease}: {Identity} released the lease")]
    public static partial void Released(ILogger logger, string lease, string identity);

    [LoggerMessage(25, LogLevel.Warning, "Leader election {Lease}: {Identity} could not release the lease")]
    public static partial void ReleaseFailed(ILogger logger, Exception exception, string lease, string identity);

    [LoggerMessage(26, LogLevel.Warning, "Leader election {Lease}: a leadership callback threw")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string lease);
}
