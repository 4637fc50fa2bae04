namespace Platform.Redis;

/// <summary>
/// The per-call timeout elapsed before the reply arrived (or before a connection became available).
/// It derives from <see cref="RedisException"/>, not from <see cref="TimeoutException"/>: catch
/// <see cref="RedisException"/> for every client-side failure. The command may still run on the server; its late
/// reply is discarded without disturbing other commands.
/// </summary>
public sealed class RedisTimeoutException : RedisException
{
    /// <summary>Creates an exception.</summary>
    public RedisTimeoutException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RedisTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    /// <remarks>No reply in time: the server or the network may recover.</remarks>
    public override bool IsTransient => true;
}
