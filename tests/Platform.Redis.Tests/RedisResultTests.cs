using System.Buffers;
using System.Text;
using Platform.Redis.Internal;

namespace Platform.Redis.Tests;

public sealed class RedisResultTests
{
    [Fact]
    public void Conversions_MatchingTypes_ReturnValues()
    {
        Assert.Equal(12, Parse(":12\r\n").AsInt64());
        Assert.Equal(12, Parse("$2\r\n12\r\n").AsInt64());
        Assert.Null(Parse("$-1\r\n").AsNullableInt64());
        Assert.Null(Parse("$-1\r\n").ToString());
        Assert.Equal(2.5, Parse("$3\r\n2.5\r\n").AsDouble());
        Assert.Equal(double.PositiveInfinity, Parse("$3\r\ninf\r\n").AsDouble());
        Assert.Equal(["a", null], Parse("*2\r\n$1\r\na\r\n$-1\r\n").AsStringArray());
        Assert.Empty(Parse("*-1\r\n").AsArray());
    }

    [Fact]
    public void AsInt64_OnArray_ThrowsInvalidCastNamingTheType()
    {
        var error = Assert.Throws<InvalidCastException>(() => Parse("*0\r\n").AsInt64());

        Assert.Contains("Array", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsArray_OnBulk_ThrowsInvalidCast()
    {
        Assert.Throws<InvalidCastException>(() => Parse("$1\r\nx\r\n").AsArray());
    }

    private static RedisResult Parse(string wire)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));
        Assert.True(RespParser.TryParse(ref buffer, out var result));
        return result;
    }
}
