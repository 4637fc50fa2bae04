using Platform.Kubernetes.Models;
using Platform.Testing;

namespace Platform.Kubernetes.Tests;

public sealed class KubernetesClientWatchTests : KubernetesServerTestBase
{
    [Fact]
    public async Task WatchAsync_FromListVersion_StreamsAddedModifiedDeletedInOrder()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("before"), Token);
        var list = await Client.ListAsync<TestWidget>(TestWidget.Resource, "default", options: null, Token);
        var events = new List<(WatchEventType, string?)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        stop.CancelAfter(TimeSpan.FromSeconds(10));
        var watching = Task.Run(async () =>
        {
            await foreach (var e in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion, AllowWatchBookmarks = false }, stop.Token))
            {
                events.Add((e.Type, e.Object.Metadata.Name));
                if (e.Type == WatchEventType.Deleted)
                {
                    break;
                }
            }
        }, Token);
        await Eventually.TrueAsync(() => Server.OpenWatchCount == 1, "the watch is open", cancellationToken: TestContext.Current.CancellationToken);

        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w"), Token);
        await Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { spec = new { color = "blue" } }), Token);
        await Client.DeleteAsync(TestWidget.Resource, "default", "w", Token);
        await watching;

        Assert.Equal([(WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w")], events);
    }

    [Fact]
    public async Task WatchAsync_LabelSelector_ObjectLeavingSelectionArrivesAsDeleted()
    {
        var created = await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("w"), Token);
        await Client.PatchAsync<TestWidget>(TestWidget.Resource, "default", "w", KubernetesPatch.Merge(new { metadata = new { labels = new { app = "other" } } }), Token);

        WatchEvent<TestWidget>? first = null;
        await foreach (var e in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { ResourceVersion = created.Metadata.ResourceVersion, LabelSelector = "app=widget", AllowWatchBookmarks = false }, Token))
        {
            first = e;
            break;
        }

        Assert.Equal(WatchEventType.Deleted, first!.Type);
        Assert.Equal("other", first.Object.Metadata.Labels!["app"]);
    }

    [Fact]
    public async Task WatchAsync_NoResourceVersion_StartsWithCurrentStateAsAdded()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a"), Token);
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("b"), Token);

        var names = new List<string?>();
        await foreach (var e in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { AllowWatchBookmarks = false }, Token))
        {
            Assert.Equal(WatchEventType.Added, e.Type);
            names.Add(e.Object.Metadata.Name);
            if (names.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["a", "b"], names);
    }

    [Fact]
    public async Task WatchAsync_BookmarksAllowed_ReceivesBookmarkWithCurrentVersion()
    {
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a"), Token);
        var version = Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

        WatchEvent<TestWidget>? bookmark = null;
        await foreach (var e in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { ResourceVersion = version, AllowWatchBookmarks = true }, Token))
        {
            bookmark = e;
            break;
        }

        Assert.Equal(WatchEventType.Bookmark, bookmark!.Type);
        Assert.Equal(version, bookmark.Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task WatchAsync_ResourceVersionOlderThanHistory_ThrowsResourceVersionExpired()
    {
        var created = await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("a"), Token);
        await Client.CreateAsync(TestWidget.Resource, "default", TestWidget.Named("b"), Token);
        Server.CompactHistory();

        var error = await Assert.ThrowsAsync<ResourceVersionExpiredException>(async () =>
        {
            await foreach (var unused in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { ResourceVersion = created.Metadata.ResourceVersion }, Token))
            {
            }
        });

        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Reason);
    }

    [Fact]
    public async Task WatchAsync_TimeoutSeconds_EndsStreamCleanly()
    {
        var count = 0;
        await foreach (var unused in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { Timeout = TimeSpan.FromSeconds(1), AllowWatchBookmarks = false }, Token))
        {
            count++;
        }

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task WatchAsync_DroppedConnection_EndsSequenceSoCallerCanResume()
    {
        var seen = new List<string?>();
        var watching = Task.Run(async () =>
        {
            await foreach (var e in Client.WatchAsync<TestWidget>(TestWidget.Resource, "default", new WatchOptions { AllowWatchBookmarks = false }, Token))
            {
                seen.Add(e.Object.Metadata.Name);
            }
        }, Token);
        await Eventually.TrueAsync(() => Server.OpenWatchCount == 1, "the watch is open", cancellationToken: TestContext.Current.CancellationToken);

        Server.DropWatches();

        await watching.WaitAsync(TimeSpan.FromSeconds(10), Token);
        Assert.Empty(seen);
    }
}
