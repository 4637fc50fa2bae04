using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Platform.Redis.Internal;

/// <summary>Encodes commands as RESP2 arrays of bulk strings.</summary>
internal static class RespCommandWriter
{
    /// <summary>True for the argument types the client accepts.</summary>
    /// <param name="value">An argument.</param>
    /// <returns>Whether it can be encoded.</returns>
    public static bool IsSupported(object? value) =>
        value is string or byte[] or ReadOnlyMemory<byte> or Memory<byte> or int or long or double or bool or uint or ulong or short or float;

    /// <summary>Throws <see cref="ArgumentException"/> for arguments that cannot be encoded (before the command is queued).</summary>
    /// <param name="args">The arguments.</param>
    public static void Validate(IReadOnlyList<object> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (!IsSupported(args[i]))
            {
                throw new ArgumentException(
                    $"Redis argument {i} has unsupported type {args[i]?.GetType().Name ?? "null"}; use string, byte[], ReadOnlyMemory<byte>, int, long, double or bool.",
                    nameof(args));
            }
        }
    }

    /// <summary>Writes one command. A command name containing spaces ("CLIENT SETNAME") is sent as several words.</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="command">Command name, possibly with sub-command words.</param>
    /// <param name="args">Arguments (already validated).</param>
    public static void Write(IBufferWriter<byte> writer, string command, IReadOnlyList<object> args)
    {
        var words = CountWords(command);
        WriteHeader(writer, (byte)'*', words + args.Count);
        if (words == 1)
        {
            WriteString(writer, command);
        }
        else
        {
            foreach (var word in command.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                WriteString(writer, word);
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            WriteArgument(writer, args[i]);
        }
    }

    private static int CountWords(string command)
    {
        if (!command.Contains(' ', StringComparison.Ordinal))
        {
            return 1;
        }

        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static void WriteArgument(IBufferWriter<byte> writer, object value)
    {
        switch (value)
        {
            case string s:
                WriteString(writer, s);
                break;
            case byte[] b:
                WriteBytes(writer, b);
                break;
            case ReadOnlyMemory<byte> m:
                WriteBytes(writer, m.Span);
                break;
            case Memory<byte> m:
                WriteBytes(writer, m.Span);
                break;
            case int i:
                WriteInteger(writer, i);
                break;
            case long l:
                WriteInteger(writer, l);
                break;
            case uint ui:
                WriteInteger(writer, ui);
                break;
            case short sh:
                WriteInteger(writer, sh);
                break;
            case ulong ul:
                WriteString(writer, ul.ToString(CultureInfo.InvariantCulture));
                break;
            case bool flag:
                WriteInteger(writer, flag ? 1 : 0);
                break;
            case double d:
                WriteDouble(writer, d);
                break;
            case float f:
                WriteDouble(writer, f);
                break;
            default:
                throw new ArgumentException($"Unsupported Redis argument type {value.GetType().Name}.", nameof(value));
        }
    }

    private static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            WriteBytes(writer, "+inf"u8);
            return;
        }

        if (double.IsNegativeInfinity(value))
        {
            WriteBytes(writer, "-inf"u8);
            return;
        }

        Span<byte> text = stackalloc byte[32];
        if (!value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new ArgumentException("Double could not be formatted.", nameof(value));
        }

        WriteBytes(writer, text[..written]);
    }

    private static void WriteInteger(IBufferWriter<byte> writer, long value)
    {
        Span<byte> text = stackalloc byte[20];
        Utf8Formatter.TryFormat(value, text, out var written);
        WriteBytes(writer, text[..written]);
    }

    private static void WriteString(IBufferWriter<byte> writer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = writer.GetSpan(length + 16);
        var header = WriteHeader(span, (byte)'$', length);
        Encoding.UTF8.GetBytes(value, span[header..]);
        span[header + length] = (byte)'\r';
        span[header + length + 1] = (byte)'\n';
        writer.Advance(header + length + 2);
    }

    private static void WriteBytes(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        var span = writer.GetSpan(value.Length + 16);
        var header = WriteHeader(span, (byte)'$', value.Length);
        value.CopyTo(span[header..]);
        span[header + value.Length] = (byte)'\r';
        span[header + value.Length + 1] = (byte)'\n';
        writer.Advance(header + value.Length + 2);
    }

    private static void WriteHeader(IBufferWriter<byte> writer, byte prefix, int count)
    {
        var span = writer.GetSpan(16);
        writer.Advance(WriteHeader(span, prefix, count));
    }

    private static int WriteHeader(Span<byte> span, byte prefix, int count)
    {
        span[0] = prefix;
        Utf8Formatter.TryFormat(count, span[1..], out var written);
        span[1 + written] = (byte)'\r';
        span[2 + written] = (byte)'\n';
        return written + 3;
    }
}
