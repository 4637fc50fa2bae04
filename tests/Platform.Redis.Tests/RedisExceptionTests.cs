namespace Platform.Redis.Tests;

public sealed class RedisExceptionTests
{
    [Theory]
    [InlineData("LOADING Redis is loading the dataset in memory", true)] // a restarted server reading its AOF
    [InlineData("BUSY Redis is busy running a script", true)]            // a long script; SCRIPT KILL or wait
    [InlineData("TRYAGAIN Multiple keys request during rehashing", true)]
    [InlineData("MASTERDOWN Link with MASTER is down", true)]
    [InlineData("CLUSTERDOWN The cluster is down", true)]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value", false)] // the command is wrong
    [InlineData("NOSCRIPT No matching script", false)]
    [InlineData("ERR unknown command 'FOO'", false)]
    [InlineData("WRONGPASS invalid username-password pair", false)] // configuration, not time, fixes this
    public void IsTransient_ServerError_OnlyForConditionsThatPassWithTime(string reply, bool transient)
    {
        Assert.Equal(transient, new RedisServerException(reply).IsTransient);
    }

    [Fact]
    public void IsTransient_ConnectionAndTimeout_AreTransient()
    {
        Assert.True(new RedisConnectionException("socket closed").IsTransient);
        Assert.True(new RedisTimeoutException("no reply within 5 s").IsTransient);
        Assert.False(new RedisException("generic").IsTransient);
    }
}
