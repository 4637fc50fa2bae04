using System.Collections.Concurrent;
using Platform.Kubernetes.Runtime;
using Platform.Testing;

namespace Platform.Kubernetes.Tests.Runtime;

public sealed class InformerTests : KubernetesServerTestBase
{
    private readonly ConcurrentQueue<string> _events = new();

    private Informer<TestWidget> CreateInformer(InformerOptions? options = null)
    {
        var informer = new Informer<TestWidget>(Client, TestWidget.Resource, options ?? new InformerOptions { Namespace = "default", ResyncPeriod = null });
        informer.AddEventHandler(new ResourceEventCallbacks<TestWidget>
        {
            OnAdd = w => _events.Enqueue($"add {w.Metadata.Name} {w.Spec.Color}"),
            OnUpdate = (old, w) => _events.Enqueue($"update {w.Metadata.Name} {old.Spec.Color}->{w.Spec.Color}"),
            OnDelete = w => _events.Enqueue($"delete {w.Metadata.Name}"),
        });
        return informer;
    }

    private Task<TestWidget> SetColorAsync(string name, string color) =>
        Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", name, KubernetesPatch.Merge(new { spec = new { color } }), Token);

    private int ListCalls => Server.Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/widgets", StringComparison.Ordinal) && !r.Query.Contains("watch=true", StringComparison.Ordinal));

    [Fact]
    public async Task RunAsync_ExistingAndNewObjects_CacheAndHandlersFollowServer()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a", "red"), Token);
        var informer = CreateInformer();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);

        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("b", "green"), Token);
        await SetColorAsync("a", "blue");
        await Client.DeleteAsync(TestWidget.Resource, "default", "b", Token);
        await Eventually.TrueAsync(() => _events.Count >= 4, "four events arrived", cancellationToken: TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(["add a red", "add b green", "update a red->blue", "delete b"], _events);
        Assert.Equal("blue", informer.Get("default", "a")!.Spec.Color);
        Assert.Null(informer.Get("default", "b"));
        Assert.Single(informer.List());
    }

    [Fact]
    public async Task RunAsync_WatchDropped_ResumesFromLastVersionWithoutRelisting()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a", "red"), Token);
        var informer = CreateInformer();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        await Eventually.TrueAsync(() => Server.OpenWatchCount == 1, "the informer watches", cancellationToken: TestContext.Current.CancellationToken);

        Server.DropWatches();
        await SetColorAsync("a", "blue");
        await Eventually.TrueAsync(() => informer.Get("default", "a")?.Spec.Color == "blue", "the change after the drop reached the cache", cancellationToken: TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(1, ListCalls);
        Assert.Equal(["add a red", "update a red->blue"], _events);
    }

    [Fact]
    public async Task RunAsync_ResourceVersionExpired_RelistsAndDeliversMissedDelete()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a", "red"), Token);
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("b", "red"), Token);
        var informer = CreateInformer(new InformerOptions { Namespace = "default", ResyncPeriod = null, InitialRetryDelay = TimeSpan.FromSeconds(1) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        await Eventually.TrueAsync(() => Server.OpenWatchCount == 1, "the informer watches", cancellationToken: TestContext.Current.CancellationToken);

        // While the informer is cut off, b goes away and history is compacted: resuming gets 410 and must relist.
        Server.FailNext((method, path) => method == "GET" && path.EndsWith("/widgets", StringComparison.Ordinal), 503, count: 1);
        Server.DropWatches();
        await Client.DeleteAsync(TestWidget.Resource, "default", "b", Token);
        await SetColorAsync("a", "blue");
        Server.CompactHistory();
        await Eventually.TrueAsync(() => informer.Get("default", "b") is null && informer.Get("default", "a")?.Spec.Color == "blue", "the relist repaired the cache", cancellationToken: TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(2, ListCalls);
        Assert.Contains("delete b", _events);
        Assert.Contains("update a red->blue", _events);
    }

    [Fact]
    public async Task RunAsync_ServerErrorsOnList_RetriesUntilSynced()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a"), Token);
        Server.FailNext((method, path) => method == "GET" && path.EndsWith("/widgets", StringComparison.Ordinal), 500, count: 2);
        var informer = CreateInformer(new InformerOptions { Namespace = "default", ResyncPeriod = null, InitialRetryDelay = TimeSpan.FromMilliseconds(20) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);

        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.NotNull(informer.Get("default", "a"));
        Assert.Equal(2, Server.Requests.Count(r => r.StatusCode == 500));
    }

    [Fact]
    public async Task RunAsync_ResyncPeriod_RedeliversCachedObjectsAsUpdates()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a", "red"), Token);
        var time = new FakeTimeProvider();
        var informer = new Informer<TestWidget>(Client, TestWidget.Resource, new InformerOptions { Namespace = "default", ResyncPeriod = TimeSpan.FromMinutes(1) }, timeProvider: time);
        var updates = 0;
        informer.AddEventHandler(new ResourceEventCallbacks<TestWidget> { OnUpdate = (_, _) => Interlocked.Increment(ref updates) });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);

        time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => Volatile.Read(ref updates) == 1, "the resync delivered an update", cancellationToken: TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(1, updates);
    }

    [Fact]
    public async Task AddEventHandler_AfterSync_ReceivesCachedObjectsAsAdds()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a"), Token);
        var informer = new Informer<TestWidget>(Client, TestWidget.Resource, new InformerOptions { Namespace = "default", ResyncPeriod = null });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForCacheSyncAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);

        var added = new List<string?>();
        informer.AddEventHandler(new ResourceEventCallbacks<TestWidget> { OnAdd = w => added.Add(w.Metadata.Name) });
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(["a"], added);
    }
}
