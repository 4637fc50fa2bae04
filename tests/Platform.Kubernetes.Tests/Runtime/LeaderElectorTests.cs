using Platform.Kubernetes.Models;
using Platform.Kubernetes.Runtime;
using Platform.Testing;

namespace Platform.Kubernetes.Tests.Runtime;

public sealed class LeaderElectorTests : KubernetesServerTestBase
{
    private readonly List<IDisposable> _disposables = [];

    public override async ValueTask DisposeAsync()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        await base.DisposeAsync();
    }

    private (LeaderElector Elector, CancellationTokenSource Stop, Task Running) Start(string identity, bool releaseOnCancel = true)
    {
        var client = new KubernetesClient(Server.CreateClientConfiguration(userAgent: identity));
        var elector = new LeaderElector(client, new LeaderElectionOptions
        {
            LeaseName = "operator",
            LeaseNamespace = "default",
            Identity = identity,
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromMilliseconds(1500),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            ReleaseOnCancel = releaseOnCancel,
        });
        var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        _disposables.Add(client);
        _disposables.Add(stop);
        return (elector, stop, elector.RunAsync(stop.Token));
    }

    private async Task<string?> HolderAsync() =>
        (await Client.GetAsync<V1Lease>(ResourceDescriptor.Leases, "default", "operator", Token)).Spec.HolderIdentity;

    [Fact]
    public async Task RunAsync_TwoCandidates_ExactlyOneLeadsAndOnlyItWritesTheLease()
    {
        var a = Start("candidate-a");
        var b = Start("candidate-b");
        var started = 0;
        a.Elector.OnStartedLeading += () => Interlocked.Increment(ref started);
        b.Elector.OnStartedLeading += () => Interlocked.Increment(ref started);

        await Eventually.TrueAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "someone leads", cancellationToken: TestContext.Current.CancellationToken);
        var leader = a.Elector.IsLeader ? a.Elector : b.Elector;
        var writesBefore = Server.Requests.Count;
        var bothLed = false;
        for (var i = 0; i < 40; i++)
        {
            bothLed |= a.Elector.IsLeader && b.Elector.IsLeader;
            await Task.Delay(25, Token);
        }

        var steadyWriters = Server.Requests.Skip(writesBefore).Where(r => r.IsWrite && r.StatusCode < 300).Select(r => r.UserAgent).Distinct().ToList();
        var seenByOthers = (a.Elector.Leader, b.Elector.Leader);
        await a.Stop.CancelAsync();
        await b.Stop.CancelAsync();
        await Task.WhenAll(a.Running, b.Running).WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.False(bothLed);
        Assert.Equal(1, started);
        Assert.Equal([leader.Identity], steadyWriters);
        Assert.Equal((leader.Identity, leader.Identity), seenByOthers);
    }

    [Fact]
    public async Task RunAsync_LeaderStopsGracefully_ReleasesLeaseAndOtherTakesOver()
    {
        var a = Start("candidate-a");
        await Eventually.TrueAsync(() => a.Elector.IsLeader, "the first candidate leads", cancellationToken: TestContext.Current.CancellationToken);
        var b = Start("candidate-b");
        var stopped = 0;
        a.Elector.OnStoppedLeading += () => Interlocked.Increment(ref stopped);
        await Eventually.TrueAsync(() => b.Elector.Leader == "candidate-a", "the second candidate has seen the leader", cancellationToken: TestContext.Current.CancellationToken);

        await a.Stop.CancelAsync();
        await a.Running.WaitAsync(TimeSpan.FromSeconds(10), Token);
        var lease = await Client.GetAsync<V1Lease>(ResourceDescriptor.Leases, "default", "operator", Token);
        await Eventually.TrueAsync(() => b.Elector.IsLeader, "the second candidate took over", cancellationToken: TestContext.Current.CancellationToken);
        await b.Stop.CancelAsync();
        await b.Running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(1, stopped);
        Assert.False(a.Elector.IsLeader);
        Assert.True(lease.Spec.HolderIdentity is null || lease.Spec.HolderIdentity == "candidate-b");
        Assert.Null(await HolderAsync());
    }

    [Fact]
    public async Task RunAsync_LeaderDiesWithoutRelease_OtherTakesOverAfterLeaseExpiry()
    {
        var a = Start("candidate-a", releaseOnCancel: false);
        await Eventually.TrueAsync(() => a.Elector.IsLeader, "the first candidate leads", cancellationToken: TestContext.Current.CancellationToken);
        var b = Start("candidate-b");
        await Eventually.TrueAsync(() => b.Elector.Leader == "candidate-a", "the second candidate has seen the leader", cancellationToken: TestContext.Current.CancellationToken);

        await a.Stop.CancelAsync();
        await a.Running.WaitAsync(TimeSpan.FromSeconds(10), Token);
        var holderAfterDeath = await HolderAsync();
        await Eventually.TrueAsync(() => b.Elector.IsLeader, "the second candidate took over after expiry", cancellationToken: TestContext.Current.CancellationToken);
        var lease = await Client.GetAsync<V1Lease>(ResourceDescriptor.Leases, "default", "operator", Token);
        await b.Stop.CancelAsync();
        await b.Running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal("candidate-a", holderAfterDeath);
        Assert.Equal("candidate-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);
    }

    [Fact]
    public async Task RunAsync_RenewConflicts_LeaderRetriesAndKeepsLeading()
    {
        var a = Start("candidate-a");
        await Eventually.TrueAsync(() => a.Elector.IsLeader, "the candidate leads", cancellationToken: TestContext.Current.CancellationToken);
        var stopped = 0;
        a.Elector.OnStoppedLeading += () => Interlocked.Increment(ref stopped);

        Server.FailNext((method, path) => method == "PUT" && path.EndsWith("/leases/operator", StringComparison.Ordinal), 409, count: 2);
        await Eventually.TrueAsync(() => Server.Requests.Count(r => r.StatusCode == 409) == 2, "both conflicts were served", cancellationToken: TestContext.Current.CancellationToken);
        var renewedAfter = Server.Requests.Count;
        await Eventually.TrueAsync(() => Server.Requests.Skip(renewedAfter).Any(r => r.Method == "PUT" && r.StatusCode == 200), "a later renewal succeeded", cancellationToken: TestContext.Current.CancellationToken);
        var stillLeader = a.Elector.IsLeader;
        await a.Stop.CancelAsync();
        await a.Running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.True(stillLeader);
        Assert.Equal(1, stopped);
    }

    [Fact]
    public void Constructor_RenewDeadlineNotBelowLeaseDuration_Throws()
    {
        var options = new LeaderElectionOptions { LeaseName = "l", LeaseNamespace = "n", Identity = "i", LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(5) };

        Assert.Throws<ArgumentException>(() => new LeaderElector(Client, options));
    }

    [Fact]
    public void Defaults_MatchClientGo()
    {
        var options = new LeaderElectionOptions();

        Assert.Equal(TimeSpan.FromSeconds(15), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RenewDeadline);
        Assert.Equal(TimeSpan.FromSeconds(2), options.RetryPeriod);
    }
}
