using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Platform.Redis;

/// <summary>
/// One reply from the server. Immutable. Conversions throw <see cref="InvalidCastException"/> with a message naming
/// the actual reply type when the reply cannot be read as the requested type.
/// </summary>
public sealed class RedisResult
{
    private static readonly RedisResult[] SmallIntegers = CreateSmallIntegers();
    private static readonly RedisResult EmptyArrayResult = new(RedisResultType.Array, null, [], 0);
    private static readonly RedisResult OkResult = new(RedisResultType.SimpleString, "OK"u8.ToArray(), null, 0);

    private readonly byte[]? _bytes;
    private readonly RedisResult[]? _items;
    private readonly long _integer;

    private RedisResult(RedisResultType type, byte[]? bytes, RedisResult[]? items, long integer)
    {
        Type = type;
        _bytes = bytes;
        _items = items;
        _integer = integer;
    }

    /// <summary>The null reply (null bulk string or null array).</summary>
    public static RedisResult Null { get; } = new(RedisResultType.Null, null, null, 0);

    /// <summary>The kind of reply.</summary>
    public RedisResultType Type { get; }

    /// <summary>True for a null bulk string or null array.</summary>
    public bool IsNull => Type == RedisResultType.Null;

    internal static RedisResult Ok => OkResult;

    internal static RedisResult EmptyArray => EmptyArrayResult;

    /// <summary>Creates an integer reply.</summary>
    internal static RedisResult Integer(long value) =>
        value is >= -1 and < 255 ? SmallIntegers[value + 1] : new RedisResult(RedisResultType.Integer, null, null, value);

    internal static RedisResult Bulk(byte[] value) => new(RedisResultType.BulkString, value, null, 0);

    internal static RedisResult Simple(byte[] value) =>
        value.AsSpan().SequenceEqual("OK"u8) ? OkResult : new RedisResult(RedisResultType.SimpleString, value, null, 0);

    internal static RedisResult Error(byte[] value) => new(RedisResultType.Error, value, null, 0);

    internal static RedisResult Array(RedisResult[] items) => items.Length == 0 ? EmptyArrayResult : new RedisResult(RedisResultType.Array, null, items, 0);

    /// <summary>Simple and bulk strings as UTF-8 text, errors as their message, integers as invariant text, null as null.</summary>
    /// <returns>The text, or null for a null reply.</returns>
    /// <exception cref="InvalidCastException">The reply is an array.</exception>
    public override string? ToString() => Type switch
    {
        RedisResultType.Null => null,
        RedisResultType.Integer => _integer.ToString(CultureInfo.InvariantCulture),
        RedisResultType.Array => throw Mismatch("a string"),
        _ => Encoding.UTF8.GetString(_bytes!),
    };

    /// <summary>Reads an integer reply, or a simple/bulk string holding an integer.</summary>
    /// <returns>The value.</returns>
    public long AsInt64() => AsNullableInt64() ?? throw Mismatch("an integer");

    /// <summary>Like <see cref="AsInt64"/>, but a null reply gives null.</summary>
    /// <returns>The value or null.</returns>
    public long? AsNullableInt64()
    {
        switch (Type)
        {
            case RedisResultType.Null:
                return null;
            case RedisResultType.Integer:
                return _integer;
            case RedisResultType.BulkString or RedisResultType.SimpleString
                when Utf8Parser.TryParse(_bytes, out long value, out var consumed) && consumed == _bytes!.Length:
                return value;
            default:
                throw Mismatch("an integer");
        }
    }

    /// <summary>Reads an integer reply or a string holding a floating-point number (<c>inf</c>, <c>-inf</c> accepted).</summary>
    /// <returns>The value.</returns>
    public double AsDouble()
    {
        if (Type == RedisResultType.Integer)
        {
            return _integer;
        }

        if (Type is RedisResultType.BulkString or RedisResultType.SimpleString)
        {
            var text = Encoding.ASCII.GetString(_bytes!);
            if (text is "inf" or "+inf")
            {
                return double.PositiveInfinity;
            }

            if (text == "-inf")
            {
                return double.NegativeInfinity;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        throw Mismatch("a double");
    }

    /// <summary>The raw bytes of a simple/bulk string (integers as their text); null for a null reply.</summary>
    /// <returns>A copy-free view of the bytes as an array (do not mutate), or null.</returns>
    public byte[]? AsBytes() => Type switch
    {
        RedisResultType.Null => null,
        RedisResultType.Integer => Encoding.ASCII.GetBytes(_integer.ToString(CultureInfo.InvariantCulture)),
        RedisResultType.Array => throw Mismatch("bytes"),

        // The +OK reply is one shared instance: hand out a copy so no caller can change it for everyone.
        _ when ReferenceEquals(this, OkResult) => [.. _bytes!],
        _ => _bytes,
    };

    /// <summary>The raw bytes of a simple/bulk string; empty for a null reply.</summary>
    /// <returns>The bytes.</returns>
    public ReadOnlyMemory<byte> AsMemory() => AsBytes() ?? ReadOnlyMemory<byte>.Empty;

    /// <summary>The items of an array reply; a null reply gives an empty list.</summary>
    /// <returns>The items.</returns>
    public IReadOnlyList<RedisResult> AsArray() => Type switch
    {
        RedisResultType.Array => _items!,
        RedisResultType.Null => [],
        _ => throw Mismatch("an array"),
    };

    /// <summary>The items of an array reply as text (null items stay null).</summary>
    /// <returns>The strings.</returns>
    public IReadOnlyList<string?> AsStringArray()
    {
        var items = AsArray();
        var result = new string?[items.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = items[i].ToString();
        }

        return result;
    }

    private InvalidCastException Mismatch(string wanted) =>
        new($"Cannot read a Redis {Type} reply as {wanted}.");

    private static RedisResult[] CreateSmallIntegers()
    {
        var values = new RedisResult[256];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = new RedisResult(RedisResultType.Integer, null, null, i - 1);
        }

        return values;
    }
}
