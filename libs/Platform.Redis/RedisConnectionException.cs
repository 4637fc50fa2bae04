namespace Platform.Redis;

/// <summary>
/// The command could not complete because there is no usable connection: the socket dropped while the command was
/// in flight (its outcome on the server is unknown), the server could not be reached, or the handshake failed.
/// </summary>
public sealed class RedisConnectionException : RedisException
{
    /// <summary>Creates an exception.</summary>
    public RedisConnectionException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisConnectionException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RedisConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <inheritdoc />
    /// <remarks>The connection failed: another connection may succeed.</remarks>
    public override bool IsTransient => true;
}
