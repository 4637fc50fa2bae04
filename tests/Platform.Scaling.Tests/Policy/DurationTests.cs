using Platform.Scaling.Policy;

namespace Platform.Scaling.Tests.Policy;

public sealed class DurationTests
{
    [Theory]
    [InlineData("2s", 2)]
    [InlineData("500ms", 0.5)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5h", 5400)]
    [InlineData("90", 90)] // a bare number is seconds
    public void Parse_KubernetesDuration_ReturnsSeconds(string text, double seconds) =>
        Assert.Equal(seconds, Duration.Parse(text).TotalSeconds, 9);

    [Theory]
    [InlineData("")]
    [InlineData("5 minutes")]
    [InlineData("s")]
    [InlineData("10d")] // Go durations have no day unit
    public void TryParse_NotADuration_ReturnsFalse(string text) =>
        Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(2, "2s")]
    [InlineData(0.5, "500ms")]
    [InlineData(0, "0s")]
    public void ToString_FormatsLikeGo(double seconds, string expected) =>
        Assert.Equal(expected, Duration.FromSeconds(seconds).ToString());

    [Theory]
    [InlineData("100", 100)]
    [InlineData("500m", 0.5)] // Kubernetes quantity: m is milli, not minutes
    [InlineData("2k", 2000)]
    [InlineData("20s", 20)]
    [InlineData("1500ms", 1.5)]
    public void QuantityParse_NumbersSuffixesAndDurations_ReturnsValue(string text, double expected) =>
        Assert.Equal(expected, Quantity.Parse(text).Value, 9);
}
