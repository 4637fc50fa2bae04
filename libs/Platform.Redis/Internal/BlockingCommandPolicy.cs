using System.Globalization;

namespace Platform.Redis.Internal;

/// <summary>What <see cref="BlockingCommandPolicy"/> decided about a command.</summary>
/// <param name="IsBlocking">Whether the command may block the connection it runs on.</param>
/// <param name="BlockTime">How long the server may block; null means forever (timeout 0).</param>
internal readonly record struct BlockingDecision(bool IsBlocking, TimeSpan? BlockTime)
{
    public static BlockingDecision NotBlocking => new(false, TimeSpan.Zero);
}

/// <summary>
/// Pure decision: is a command a blocking command (which must run on a dedicated connection so it never stalls the
/// multiplexed one), and how long may it block.
/// </summary>
internal static class BlockingCommandPolicy
{
    /// <summary>Classifies a command.</summary>
    /// <param name="command">Command name (case-insensitive).</param>
    /// <param name="args">Its arguments.</param>
    /// <returns>The decision.</returns>
    public static BlockingDecision Classify(string command, IReadOnlyList<object> args)
    {
        if (command.Length < 4 || command.Length > 10)
        {
            return BlockingDecision.NotBlocking;
        }

        // Upper-case on the stack: this runs for every command, so it must not allocate.
        Span<char> upper = stackalloc char[command.Length];
        command.AsSpan().ToUpperInvariant(upper);
        switch ((ReadOnlySpan<char>)upper)
        {
            // Timeout in seconds is the last argument.
            case "BLPOP" or "BRPOP" or "BRPOPLPUSH" or "BLMOVE" or "BZPOPMIN" or "BZPOPMAX":
                return args.Count == 0 ? BlockingDecision.NotBlocking : Seconds(args[^1]);

            // Timeout in seconds is the first argument.
            case "BLMPOP" or "BZMPOP":
                return args.Count == 0 ? BlockingDecision.NotBlocking : Seconds(args[0]);

            // Only blocking with a BLOCK <milliseconds> option.
            case "XREAD" or "XREADGROUP":
                for (var i = 0; i < args.Count - 1; i++)
                {
                    if (args[i] is string s && s.Equals("STREAMS", StringComparison.OrdinalIgnoreCase))
                    {
                        break;
                    }

                    if (args[i] is string option && option.Equals("BLOCK", StringComparison.OrdinalIgnoreCase))
                    {
                        return Milliseconds(args[i + 1]);
                    }
                }

                return BlockingDecision.NotBlocking;

            // WAIT numreplicas timeout-ms; WAITAOF numlocal numreplicas timeout-ms.
            case "WAIT" or "WAITAOF":
                return args.Count == 0 ? BlockingDecision.NotBlocking : Milliseconds(args[^1]);

            default:
                return BlockingDecision.NotBlocking;
        }
    }

    private static BlockingDecision Seconds(object value)
    {
        var seconds = ToDouble(value);
        return new BlockingDecision(true, seconds is null or <= 0 ? null : TimeSpan.FromSeconds(seconds.Value));
    }

    private static BlockingDecision Milliseconds(object value)
    {
        var ms = ToDouble(value);
        return new BlockingDecision(true, ms is null or <= 0 ? null : TimeSpan.FromMilliseconds(ms.Value));
    }

    private static double? ToDouble(object value) => value switch
    {
        int i => i,
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
