using Platform.Jobs;

namespace Platform.Jobs.Tests;

public sealed class RetryBackoffTests
{
    private static readonly RetryBackoff Backoff = new()
    {
        BaseDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(60),
        Jitter = 0.5,
    };

    [Theory]
    // attempt, random, provider's Retry-After (s; -1 none), expected delay (s)
    [InlineData(1, 0.0, -1, 1.0)]      // first retry, least jitter: half of the 2 s base
    [InlineData(1, 0.999999, -1, 2.0)] // first retry, most jitter: the whole base
    [InlineData(2, 0.0, -1, 2.0)]      // doubles: 4 s, half of it
    [InlineData(3, 0.5, -1, 6.0)]      // 8 s × (0.5 + 0.5 × 0.5)
    [InlineData(10, 0.999999, -1, 60)] // 1024 s capped at 60 s
    [InlineData(40, 0.0, -1, 30)]      // a huge exponent does not overflow: capped at 60 s, then jittered down to half
    [InlineData(1, 0.0, 30, 30)]       // Retry-After longer than the backoff wins
    [InlineData(3, 0.999999, 1, 8.0)]  // Retry-After shorter than the backoff is only a floor
    [InlineData(1, 0.0, 600, 60)]      // even Retry-After is capped
    public void GetDelay_Table_MatchesSchedule(int attempt, double random, double retryAfterSeconds, double expectedSeconds)
    {
        TimeSpan? retryAfter = retryAfterSeconds < 0 ? null : TimeSpan.FromSeconds(retryAfterSeconds);

        var delay = Backoff.GetDelay(attempt, retryAfter, () => random);

        Assert.Equal(expectedSeconds, delay.TotalSeconds, precision: 3);
    }

    [Fact]
    public void GetDelay_NoJitter_IsExactlyExponential()
    {
        var backoff = Backoff with { Jitter = 0 };

        var delays = Enumerable.Range(1, 5).Select(a => backoff.GetDelay(a, null, () => 0.9).TotalSeconds);

        Assert.Equal([2.0, 4.0, 8.0, 16.0, 32.0], delays);
    }

    [Fact]
    public void GetDelay_AttemptZero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Backoff.GetDelay(0, null, () => 0));
    }
}
