using System.Buffers;
using System.Buffers.Text;

namespace Platform.Redis.Internal;

/// <summary>
/// Incremental RESP2 reply parser. <see cref="TryParse"/> either consumes exactly one complete reply from the front of
/// the buffer or consumes nothing (the reply is incomplete), so a reply split across reads at any byte boundary is
/// parsed once the rest arrives.
/// </summary>
internal static class RespParser
{
    private const int MaxDepth = 64;
    private const int MaxLineLength = 64 * 1024;

    /// <summary>Parses one reply from the front of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes; on success it is advanced past the reply.</param>
    /// <param name="result">The reply.</param>
    /// <returns>False when more bytes are needed (nothing consumed).</returns>
    /// <exception cref="RedisException">The bytes are not valid RESP2.</exception>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, out RedisResult result)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!TryRead(ref reader, 0, out result))
        {
            return false;
        }

        buffer = buffer.Slice(reader.Position);
        return true;
    }

    private static bool TryRead(ref SequenceReader<byte> reader, int depth, out RedisResult result)
    {
        result = RedisResult.Null;
        if (depth > MaxDepth)
        {
            throw new RedisException("RESP protocol error: replies nested too deeply.");
        }

        if (!reader.TryRead(out var prefix) || !TryReadLine(ref reader, out var line))
        {
            return false;
        }

        switch (prefix)
        {
            case (byte)'+':
                // "+OK" is by far the most common reply: share one instance instead of allocating.
                result = line.SequenceEqual("OK"u8) ? RedisResult.Ok : RedisResult.Simple(line.ToArray());
                return true;
            case (byte)'-':
                result = RedisResult.Error(line.ToArray());
                return true;
            case (byte)':':
                result = RedisResult.Integer(ParseInteger(line));
                return true;
            case (byte)'$':
                return TryReadBulk(ref reader, ParseInteger(line), out result);
            case (byte)'*':
                return TryReadArray(ref reader, ParseInteger(line), depth, out result);
            default:
                throw new RedisException($"RESP protocol error: unexpected reply type byte 0x{prefix:X2}.");
        }
    }

    private static bool TryReadBulk(ref SequenceReader<byte> reader, long length, out RedisResult result)
    {
        result = RedisResult.Null;
        if (length == -1)
        {
            return true;
        }

        if (length < -1 || length > int.MaxValue - 2)
        {
            throw new RedisException($"RESP protocol error: bad bulk string length {length}.");
        }

        if (reader.Remaining < length + 2)
        {
            return false;
        }

        var bytes = length == 0 ? [] : new byte[length];
        reader.TryCopyTo(bytes);
        reader.Advance(length);
        if (!reader.IsNext("\r\n"u8, advancePast: true))
        {
            throw new RedisException("RESP protocol error: bulk string not terminated by CRLF.");
        }

        result = RedisResult.Bulk(bytes);
        return true;
    }

    private static bool TryReadArray(ref SequenceReader<byte> reader, long count, int depth, out RedisResult result)
    {
        result = RedisResult.Null;
        if (count == -1)
        {
            return true;
        }

        if (count < -1 || count > int.MaxValue)
        {
            throw new RedisException($"RESP protocol error: bad array length {count}.");
        }

        if (count == 0)
        {
            result = RedisResult.EmptyArray;
            return true;
        }

        // Each element needs at least 3 bytes ("+\r\n"): reject obviously incomplete arrays before allocating.
        if (reader.Remaining < count * 3)
        {
            return false;
        }

        var items = new RedisResult[count];
        for (var i = 0; i < items.Length; i++)
        {
            if (!TryRead(ref reader, depth + 1, out items[i]))
            {
                return false;
            }
        }

        result = RedisResult.Array(items);
        return true;
    }

    private static bool TryReadLine(ref SequenceReader<byte> reader, out ReadOnlySpan<byte> line)
    {
        if (!reader.TryReadTo(out line, (byte)'\n', advancePastDelimiter: true))
        {
            if (reader.Remaining > MaxLineLength)
            {
                throw new RedisException("RESP protocol error: line too long.");
            }

            return false;
        }

        if (line.Length == 0 || line[^1] != (byte)'\r')
        {
            throw new RedisException("RESP protocol error: line not terminated by CRLF.");
        }

        line = line[..^1];
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> line) =>
        Utf8Parser.TryParse(line, out long value, out var consumed) && consumed == line.Length
            ? value
            : throw new RedisException("RESP protocol error: bad integer.");
}
