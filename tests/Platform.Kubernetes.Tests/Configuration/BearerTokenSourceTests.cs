using Platform.Kubernetes.Configuration;

namespace Platform.Kubernetes.Tests.Configuration;

public sealed class BearerTokenSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kube-token-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void GetToken_FileRotates_NewTokenUsedAfterRefreshIntervalOrWhenForced()
    {
        var tokenFile = Path.Combine(_directory, "token");
        File.WriteAllText(tokenFile, "token-1\n");
        var time = new FakeTimeProvider();
        var source = new BearerTokenSource(new KubernetesClientConfiguration { Host = new Uri("https://k8s"), TokenFile = tokenFile }, time);
        var first = source.GetToken();

        File.WriteAllText(tokenFile, "token-2\n");
        var beforeInterval = source.GetToken();
        time.Advance(TimeSpan.FromMinutes(1));
        var afterInterval = source.GetToken();
        File.WriteAllText(tokenFile, "token-3\n");
        var forced = source.GetToken(forceRefresh: true);

        Assert.Equal("token-1", first);
        Assert.Equal("token-1", beforeInterval);
        Assert.Equal("token-2", afterInterval);
        Assert.Equal("token-3", forced);
    }
}
