namespace Platform.Redis;

/// <summary>Describes a connection loss or restoration.</summary>
public sealed class RedisConnectionEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="endPoint">The server as <c>host:port</c>.</param>
    /// <param name="exception">Why the connection failed; null on restore.</param>
    public RedisConnectionEventArgs(string endPoint, Exception? exception)
    {
        EndPoint = endPoint;
        Exception = exception;
    }

    /// <summary>The server as <c>host:port</c>.</summary>
    public string EndPoint { get; }

    /// <summary>Why the connection failed; null when it was restored.</summary>
    public Exception? Exception { get; }
}
