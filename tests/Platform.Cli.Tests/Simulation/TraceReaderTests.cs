using Platform.Cli.Simulation;

namespace Platform.Cli.Tests.Simulation;

public sealed class TraceReaderTests
{
    [Fact]
    public void Read_AzureFormat_SecondsFromFirstRequest()
    {
        const string csv = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n";

        var trace = TraceReader.Read(new StringReader(csv), "azure.csv");

        Assert.Equal("azure", trace.Format);
        Assert.Equal([0, 4.314579], trace.Arrivals.Select(a => Math.Round(a, 6)));
        Assert.Equal([374, 396], trace.InputTokens);
        Assert.Equal([44, 109], trace.OutputTokens);
    }

    [Fact]
    public void Read_GenericFormatUnsorted_SortsByTime()
    {
        const string csv = "timestamp_seconds,input_tokens,output_tokens\n10.5,1,2\n3,4,5\n7,6,7\n";

        var trace = TraceReader.Read(new StringReader(csv), "generic.csv");

        Assert.Equal("generic", trace.Format);
        Assert.Equal([0, 4, 7.5], trace.Arrivals);
        Assert.Equal([4, 6, 1], trace.InputTokens);
    }

    [Theory]
    // Unknown header: the message names both accepted formats.
    [InlineData("time,in,out\n1,2,3\n", "unknown trace header")]
    // A bad row: the message names the line.
    [InlineData("timestamp_seconds,input_tokens,output_tokens\n1,2\n", "t.csv:2")]
    [InlineData("timestamp_seconds,input_tokens,output_tokens\n1,-2,3\n", "non-negative")]
    public void Read_Malformed_ThrowsWithLocation(string csv, string expected)
    {
        var ex = Assert.Throws<FormatException>(() => TraceReader.Read(new StringReader(csv), "t.csv"));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeat_TilesBackToBack()
    {
        var trace = new TraceRequests([0, 1, 2], [1, 2, 3], [4, 5, 6], "generic");

        var tiled = trace.Repeat(2);

        Assert.Equal([0, 1, 2, 3, 4, 5], tiled.Arrivals);
        Assert.Equal([1, 2, 3, 1, 2, 3], tiled.InputTokens);
    }
}
