using System.Buffers;
using System.Text;
using Platform.Redis.Internal;

namespace Platform.Redis.Tests.Internal;

public sealed class RespParserTests
{
    public static TheoryData<string, byte[], string> Replies()
    {
        var data = new TheoryData<string, byte[], string>();
        void Add(string name, string wire, string expected) => data.Add(name, Encoding.UTF8.GetBytes(wire), expected);

        Add("simple string", "+OK\r\n", "S:OK");
        Add("empty simple string", "+\r\n", "S:");
        Add("error", "-ERR unknown command 'FOO'\r\n", "E:ERR unknown command 'FOO'");
        Add("zero", ":0\r\n", "I:0");
        Add("negative integer", ":-123\r\n", "I:-123");
        Add("max integer", ":9223372036854775807\r\n", "I:9223372036854775807");
        Add("bulk", "$5\r\nhello\r\n", "B:hello");
        Add("empty bulk", "$0\r\n\r\n", "B:");
        Add("bulk with embedded CRLF", "$8\r\na\r\nb\r\ncd\r\n", "B:a\r\nb\r\ncd");
        Add("utf-8 bulk", "$6\r\nnaïve\r\n", "B:naïve");
        Add("null bulk", "$-1\r\n", "N");
        Add("null array", "*-1\r\n", "N");
        Add("empty array", "*0\r\n", "A[]");
        Add("flat array", "*3\r\n:1\r\n$3\r\nfoo\r\n+bar\r\n", "A[I:1,B:foo,S:bar]");
        Add("array with null bulk", "*2\r\n$-1\r\n$1\r\nx\r\n", "A[N,B:x]");
        Add("array with error", "*2\r\n+OK\r\n-WRONGTYPE bad\r\n", "A[S:OK,E:WRONGTYPE bad]");
        Add("nested arrays", "*2\r\n*2\r\n:1\r\n:2\r\n*1\r\n*0\r\n", "A[A[I:1,I:2],A[A[]]]");
        Add("xread-shaped reply", "*1\r\n*2\r\n$1\r\ns\r\n*1\r\n*2\r\n$3\r\n1-0\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n", "A[A[B:s,A[A[B:1-0,A[B:f,B:v]]]]]");
        return data;
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void TryParse_WholeReply_ParsesAndConsumesAll(string name, byte[] wire, string expected)
    {
        var buffer = new ReadOnlySequence<byte>(wire);

        Assert.True(RespParser.TryParse(ref buffer, out var result), name);

        Assert.Equal(expected, Describe(result));
        Assert.True(buffer.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void TryParse_FedByteByByte_NeedsMoreUntilLastByte(string name, byte[] wire, string expected)
    {
        // Every proper prefix is incomplete and consumes nothing; the whole reply parses.
        for (var length = 0; length < wire.Length; length++)
        {
            var partial = new ReadOnlySequence<byte>(wire, 0, length);
            Assert.False(RespParser.TryParse(ref partial, out _), $"{name}: prefix of {length} bytes parsed");
            Assert.Equal(length, partial.Length);
        }

        var whole = new ReadOnlySequence<byte>(wire);
        Assert.True(RespParser.TryParse(ref whole, out var result));
        Assert.Equal(expected, Describe(result));
    }

    [Theory]
    [MemberData(nameof(Replies))]
    public void TryParse_OneByteSegments_ParsesAcrossSegmentBoundaries(string name, byte[] wire, string expected)
    {
        var buffer = Segmented(wire, 1);

        Assert.True(RespParser.TryParse(ref buffer, out var result), name);

        Assert.Equal(expected, Describe(result));
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void TryParse_SplitAtEveryBoundaryOfTwoReplies_ParsesBothInOrder()
    {
        var wire = Encoding.UTF8.GetBytes("$4\r\nab\r\n\r\n*2\r\n:7\r\n$-1\r\n");
        for (var split = 1; split < wire.Length; split++)
        {
            var buffer = TwoSegments(wire, split);

            Assert.True(RespParser.TryParse(ref buffer, out var first));
            Assert.True(RespParser.TryParse(ref buffer, out var second));

            Assert.Equal("B:ab\r\n", Describe(first));
            Assert.Equal("A[I:7,N]", Describe(second));
            Assert.True(buffer.IsEmpty);
        }
    }

    [Fact]
    public void TryParse_AllByteValuesInBulk_RoundTripsBinary()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var wire = Encoding.ASCII.GetBytes("$256\r\n").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();
        var buffer = Segmented(wire, 7);

        Assert.True(RespParser.TryParse(ref buffer, out var result));

        Assert.Equal(payload, result.AsBytes());
    }

    [Theory]
    [InlineData("?what\r\n")] // unknown type byte
    [InlineData(":12x\r\n")] // not an integer
    [InlineData("+OK\n")] // LF without CR
    [InlineData("$3\r\nabcde\r\n")] // bulk longer than declared
    [InlineData("$-2\r\n")] // negative length other than -1
    public void TryParse_MalformedReply_ThrowsRedisException(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(wire));

        Assert.ThrowsAny<RedisException>(() => RespParser.TryParse(ref buffer, out _));
    }

    private static string Describe(RedisResult result) => result.Type switch
    {
        RedisResultType.SimpleString => "S:" + result,
        RedisResultType.Error => "E:" + result,
        RedisResultType.Integer => "I:" + result.AsInt64(),
        RedisResultType.BulkString => "B:" + result,
        RedisResultType.Null => "N",
        RedisResultType.Array => "A[" + string.Join(",", result.AsArray().Select(Describe)) + "]",
        _ => "?",
    };

    private static ReadOnlySequence<byte> Segmented(byte[] data, int size)
    {
        var first = new Segment(data.AsMemory(0, Math.Min(size, data.Length)), 0);
        var last = first;
        for (var offset = size; offset < data.Length; offset += size)
        {
            last = last.Append(data.AsMemory(offset, Math.Min(size, data.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private static ReadOnlySequence<byte> TwoSegments(byte[] data, int split)
    {
        var first = new Segment(data.AsMemory(0, split), 0);
        var last = first.Append(data.AsMemory(split));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
