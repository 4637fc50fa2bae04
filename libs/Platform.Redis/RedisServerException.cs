namespace Platform.Redis;

/// <summary>An error reply from the server (<c>-PREFIX message</c>).</summary>
public sealed class RedisServerException : RedisException
{
    /// <summary>Creates an exception from the full error text sent by the server.</summary>
    /// <param name="message">The error text, e.g. <c>WRONGTYPE Operation against a key holding the wrong kind of value</c>.</param>
    public RedisServerException(string message)
        : base(message)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>Creates an exception.</summary>
    public RedisServerException()
        : this("ERR")
    {
    }

    /// <summary>Creates an exception with a cause.</summary>
    /// <param name="message">The error text.</param>
    /// <param name="innerException">The cause.</param>
    public RedisServerException(string message, Exception? innerException)
        : base(message, innerException)
    {
        var space = message.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? message : message[..space];
    }

    /// <summary>The first word of the error: <c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>BUSYGROUP</c>, <c>NOGROUP</c>, <c>WRONGPASS</c>...</summary>
    public string Prefix { get; }

    /// <inheritdoc />
    /// <remarks>
    /// LOADING (a restarted server reading its append-only file), BUSY (a long script), TRYAGAIN, MASTERDOWN and
    /// CLUSTERDOWN pass with time; every other error is about the command itself and would fail again.
    /// </remarks>
    public override bool IsTransient => Prefix is "LOADING" or "BUSY" or "TRYAGAIN" or "MASTERDOWN" or "CLUSTERDOWN";
}
