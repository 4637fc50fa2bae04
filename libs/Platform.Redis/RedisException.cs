namespace Platform.Redis;

/// <summary>Base class of every error raised by this client.</summary>
public class RedisException : Exception
{
    /// <summary>Creates an exception.</summary>
    public RedisException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public RedisException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// True when the same command may succeed if sent again a little later: the connection was lost or timed
    /// out, or the server said it cannot serve right now (loading its data set, busy with a script, failing
    /// over). Callers answer such errors with "retry later" (a 503), never as a fault of their own.
    /// </summary>
    public virtual bool IsTransient => false;
}
