using Platform.Redis.Internal;

namespace Platform.Redis.Tests.Internal;

public sealed class ReconnectBackoffPolicyTests
{
    [Theory]
    // attempt, random, expected milliseconds
    [InlineData(0, 0.0, 25)] // first retry, lowest jitter: half of the 50 ms base
    [InlineData(0, 0.999999, 50)] // first retry, highest jitter: the full base
    [InlineData(3, 0.0, 200)] // 50 * 2^3 = 400, halved
    [InlineData(10, 0.0, 2500)] // capped at 5 s, halved
    [InlineData(1000, 1.0, 5000)] // huge attempt numbers stay capped, no overflow
    public void GetDelay_AttemptAndRandom_ExponentialCappedJittered(int attempt, double random, double expectedMs)
    {
        var delay = ReconnectBackoffPolicy.GetDelay(attempt, random);

        Assert.Equal(expectedMs, delay.TotalMilliseconds, precision: 0);
    }
}
