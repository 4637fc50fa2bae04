using System.Buffers;
using System.Text;
using Platform.Redis.Internal;

namespace Platform.Redis.Tests.Internal;

public sealed class RespCommandWriterTests
{
    [Fact]
    public void Write_MixedArguments_EncodesEachAsBulkString()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespCommandWriter.Write(writer, "SET", ["k", 42, -7L, 1.5, true, false, new byte[] { 0, 13, 10 }, new ReadOnlyMemory<byte>([65]), "é"]);

        var expected = "*10\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n42\r\n$2\r\n-7\r\n$3\r\n1.5\r\n$1\r\n1\r\n$1\r\n0\r\n$3\r\n\0\r\n\r\n$1\r\nA\r\n$2\r\né\r\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Fact]
    public void Write_CommandWithSubcommand_SendsSeparateWords()
    {
        var writer = new ArrayBufferWriter<byte>();

        RespCommandWriter.Write(writer, "CLIENT SETNAME", ["app"]);

        Assert.Equal("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$3\r\napp\r\n", Encoding.UTF8.GetString(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.0, "-2")]
    public void Write_Double_UsesRedisNotation(double value, string text)
    {
        var writer = new ArrayBufferWriter<byte>();

        RespCommandWriter.Write(writer, "X", [value]);

        Assert.EndsWith($"${text.Length}\r\n{text}\r\n", Encoding.UTF8.GetString(writer.WrittenSpan), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnsupportedType_ThrowsArgumentExceptionNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RespCommandWriter.Validate(["ok", new Uri("http://x")]));

        Assert.Contains("Uri", error.Message, StringComparison.Ordinal);
    }
}
