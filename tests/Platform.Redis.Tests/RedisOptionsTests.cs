namespace Platform.Redis.Tests;

public sealed class RedisOptionsTests
{
    [Fact]
    public void Parse_AllOptions_SetsEveryProperty()
    {
        var options = RedisOptions.Parse("cache.local:6380,password=s3cret,user=app,ssl=true,sslHost=redis.example,defaultDatabase=4,connectTimeout=1500,commandTimeout=2500,name=gateway,abortConnect=false");

        Assert.Equal("cache.local", options.Host);
        Assert.Equal(6380, options.Port);
        Assert.Equal("s3cret", options.Password);
        Assert.Equal("app", options.User);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example", options.SslHost);
        Assert.Equal(4, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.CommandTimeout);
        Assert.Equal("gateway", options.ClientName);
        Assert.False(options.AbortOnConnectFail);
    }

    [Fact]
    public void Parse_HostOnly_UsesDefaults()
    {
        var options = RedisOptions.Parse("redis");

        Assert.Equal("redis", options.Host);
        Assert.Equal(6379, options.Port);
        Assert.Null(options.Password);
        Assert.Equal(TimeSpan.FromSeconds(5), options.CommandTimeout);
        Assert.True(options.AbortOnConnectFail);
    }

    [Fact]
    public void Parse_IPv6EndPoint_SplitsHostAndPort()
    {
        var options = RedisOptions.Parse("[::1]:7000");

        Assert.Equal("::1", options.Host);
        Assert.Equal(7000, options.Port);
    }

    [Theory]
    [InlineData("localhost,passwrd=x")] // typo in a key
    [InlineData("localhost:notaport")]
    [InlineData("localhost,ssl=maybe")]
    [InlineData("a:1,b:2")] // several endpoints are not supported
    public void Parse_BadInput_ThrowsArgumentException(string configuration)
    {
        Assert.Throws<ArgumentException>(() => RedisOptions.Parse(configuration));
    }

    [Fact]
    public void ToString_WithPassword_RedactsItAndRoundTrips()
    {
        var options = RedisOptions.Parse("127.0.0.1:6379,user=app,password=hunter2,name=worker");

        var text = options.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("password=*****", text, StringComparison.Ordinal);
        var reparsed = RedisOptions.Parse(text);
        Assert.Equal("app", reparsed.User);
        Assert.Equal("worker", reparsed.ClientName);
    }
}
