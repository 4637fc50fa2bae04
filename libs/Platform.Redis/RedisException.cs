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
}
