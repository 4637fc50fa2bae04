using System.Net.Http.Headers;
using Platform.Worker.Providers;

namespace Platform.Worker.Tests.Providers;

public sealed class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Theory]
    [InlineData("250", "3", 250)] // retry-after-ms wins over Retry-After
    [InlineData(null, "3", 3000)] // delta seconds
    [InlineData(null, "Fri, 02 Jan 2026 03:04:15 GMT", 10_000)] // an HTTP date ten seconds ahead
    [InlineData(null, "Fri, 02 Jan 2026 03:04:00 GMT", 0)] // an HTTP date already past
    public void Parse_Headers_GivesTheDelayAsked(string? milliseconds, string retryAfter, int expectedMs)
    {
        using var response = new HttpResponseMessage();
        if (milliseconds is not null)
        {
            response.Headers.TryAddWithoutValidation("retry-after-ms", milliseconds);
        }

        response.Headers.RetryAfter = RetryConditionHeaderValue.Parse(retryAfter);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryAfterHeader.Parse(response.Headers, Now));
    }

    [Fact]
    public void Parse_NoHeaders_GivesNull()
    {
        using var response = new HttpResponseMessage();

        Assert.Null(RetryAfterHeader.Parse(response.Headers, Now));
    }
}
