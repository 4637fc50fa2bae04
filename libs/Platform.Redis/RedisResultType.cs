namespace Platform.Redis;

/// <summary>The kind of a RESP2 reply.</summary>
public enum RedisResultType
{
    /// <summary>A simple string such as <c>+OK</c>.</summary>
    SimpleString,

    /// <summary>An error reply such as <c>-ERR ...</c> (only inside arrays; top-level errors throw <see cref="RedisServerException"/>).</summary>
    Error,

    /// <summary>A 64-bit signed integer.</summary>
#pragma warning disable CA1720 // The RESP type is called "integer"; the name matches StackExchange.Redis.
    Integer,
#pragma warning restore CA1720

    /// <summary>A binary-safe bulk string.</summary>
    BulkString,

    /// <summary>An array of replies (possibly empty, possibly nested).</summary>
    Array,

    /// <summary>A null bulk string or a null array.</summary>
    Null,
}
