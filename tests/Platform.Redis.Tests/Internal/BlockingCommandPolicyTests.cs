using Platform.Redis.Internal;

namespace Platform.Redis.Tests.Internal;

public sealed class BlockingCommandPolicyTests
{
    public static TheoryData<string, object[], bool, double?> Commands() => new()
    {
        // Timeout in seconds as the last argument; 0 blocks forever.
        { "BLPOP", ["a", "b", 2], true, 2000 },
        { "brpop", ["a", "0"], true, null },
        { "BLMOVE", ["a", "b", "LEFT", "RIGHT", 0.5], true, 500 },
        { "BZPOPMIN", ["z", 1L], true, 1000 },
        // Timeout as the first argument.
        { "BLMPOP", [3, 1, "a", "LEFT"], true, 3000 },
        // XREADGROUP is only blocking with BLOCK (milliseconds), which comes before STREAMS.
        { "XREADGROUP", ["GROUP", "g", "c", "COUNT", 10, "BLOCK", 2000, "STREAMS", "s", ">"], true, 2000 },
        { "XREADGROUP", ["GROUP", "g", "c", "STREAMS", "s", ">"], false, 0 },
        { "XREAD", ["COUNT", 1, "STREAMS", "BLOCK", "0"], false, 0 },
        { "XREAD", ["BLOCK", "0", "STREAMS", "s", "$"], true, null },
        // WAIT numreplicas timeout-ms.
        { "WAIT", [1, 100], true, 100 },
        // Everything else is multiplexed.
        { "GET", ["BLOCK"], false, 0 },
        { "LPOP", ["a"], false, 0 },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Classify_Command_DetectsBlockingAndBlockTime(string command, object[] args, bool blocking, double? blockMs)
    {
        var decision = BlockingCommandPolicy.Classify(command, args);

        Assert.Equal(blocking, decision.IsBlocking);
        if (blocking)
        {
            Assert.Equal(blockMs, decision.BlockTime?.TotalMilliseconds);
        }
    }
}
