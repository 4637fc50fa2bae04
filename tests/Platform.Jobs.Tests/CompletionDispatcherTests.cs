using System.Text;
using Platform.Jobs;
using Platform.Testing;

namespace Platform.Jobs.Tests;

/// <summary>Completion waiters share one subscription per queue (CompletionDispatcher) instead of one per wait.</summary>
[Collection(RedisCollection.Name)]
public sealed class CompletionDispatcherTests(RedisServerFixture redis) : JobQueueTestBase(redis)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private static EnqueueRequest Job(string id) => new() { JobId = id, Payload = "{}"u8.ToArray(), Tenant = "acme" };

    private async Task<long> SubscribersAsync(string channel) =>
        (await Connection.ExecuteAsync("PUBSUB", ["NUMSUB", channel], Ct)).AsArray()[1].AsInt64();

    private async Task<int> ChannelCountAsync(string pattern) =>
        (await Connection.ExecuteAsync("PUBSUB", ["CHANNELS", pattern], Ct)).AsArray().Count;

    [Fact]
    public async Task WaitForCompletionAsync_ManyConcurrentWaiters_ShareOneSubscriptionAndAllComplete()
    {
        const int Jobs = 20;
        var prefix = NewPrefix();
        var queue = await NewQueueAsync(prefix: prefix);
        var ids = Enumerable.Range(0, Jobs).Select(i => $"job-{i}").ToArray();
        foreach (var id in ids)
        {
            await queue.EnqueueAsync(Job(id), Ct);
        }

        var waits = ids.Select(id => queue.WaitForCompletionAsync(id, TimeSpan.FromSeconds(30), Ct)).ToArray();
        await Eventually.TrueAsync(() => queue.CompletionWaiterCount == Jobs, "every caller registered as a waiter", Bound, Ct);
        var completionSubscribers = await SubscribersAsync($"{prefix}:completed");
        var perJobChannels = await ChannelCountAsync($"{prefix}:job:*");

        foreach (var lease in await queue.ReadAsync("c1", Jobs, TimeSpan.Zero, Ct))
        {
            await queue.CompleteAsync(lease, Encoding.UTF8.GetBytes("result of " + lease.JobId), null, Ct);
        }

        var infos = await Task.WhenAll(waits).WaitAsync(Bound, Ct);

        Assert.Equal(1, completionSubscribers);
        Assert.Equal(0, perJobChannels);
        Assert.All(infos, info => Assert.Equal(JobStatus.Succeeded, info!.Status));
        Assert.Equal(ids.Select(id => "result of " + id), infos.Select(info => Encoding.UTF8.GetString(info!.Result!.Value.Span)));
        Assert.Equal(0, queue.CompletionWaiterCount);
        Assert.Equal(1, await SubscribersAsync($"{prefix}:completed"));
    }

    [Fact]
    public async Task WaitForCompletionAsync_JobFinishedBeforeTheWait_ReturnsFinalState()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("done"), Ct);
        await queue.CompleteAsync(Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct)), "early"u8.ToArray(), null, Ct);
        await queue.EnqueueAsync(Job("dropped"), Ct);
        await queue.CancelAsync("dropped", Ct);

        // A wait that found nothing would run into the 60 s timeout and return the job as it is then.
        var done = await queue.WaitForCompletionAsync("done", TimeSpan.FromSeconds(60), Ct).WaitAsync(Bound, Ct);
        var dropped = await queue.WaitForCompletionAsync("dropped", TimeSpan.FromSeconds(60), Ct).WaitAsync(Bound, Ct);

        Assert.Equal(JobStatus.Succeeded, done!.Status);
        Assert.Equal("early", Encoding.UTF8.GetString(done.Result!.Value.Span));
        Assert.Equal(JobStatus.Cancelled, dropped!.Status);
        Assert.Equal(0, queue.CompletionWaiterCount);
    }

    [Fact]
    public async Task WaitForCompletionAsync_TimeoutOrCancellation_RemovesTheWaiter()
    {
        var queue = await NewQueueAsync();
        await queue.EnqueueAsync(Job("slow"), Ct);

        var timedOut = await queue.WaitForCompletionAsync("slow", TimeSpan.FromMilliseconds(300), Ct);
        var afterTimeout = queue.CompletionWaiterCount;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var cancelled = queue.WaitForCompletionAsync("slow", TimeSpan.FromSeconds(60), cancel.Token);
        await Eventually.TrueAsync(() => queue.CompletionWaiterCount == 1, "the second wait registered", Bound, Ct);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        Assert.Equal(JobStatus.Queued, timedOut!.Status);
        Assert.Equal(0, afterTimeout);
        Assert.Equal(0, queue.CompletionWaiterCount);
    }

    [Fact]
    public async Task WaitForCompletionAsync_SameJobTwiceAndAnotherJob_WakesOnlyThatJobsWaiters()
    {
        var prefix = NewPrefix();
        var queue = await NewQueueAsync(prefix: prefix);
        await using var workerConnection = await Redis.ConnectAsync(cancellationToken: Ct);
        var worker = await NewQueueAsync(prefix: prefix, connection: workerConnection);
        await queue.EnqueueAsync(Job("shared"), Ct);

        var first = queue.WaitForCompletionAsync("shared", TimeSpan.FromSeconds(30), Ct);
        var second = queue.WaitForCompletionAsync("shared", TimeSpan.FromSeconds(30), Ct);
        await Eventually.TrueAsync(() => queue.CompletionWaiterCount == 2, "both waiters registered", Bound, Ct);
        await queue.EnqueueAsync(Job("other"), Ct);
        var other = queue.WaitForCompletionAsync("other", TimeSpan.FromSeconds(30), Ct);
        await Eventually.TrueAsync(() => queue.CompletionWaiterCount == 3, "the third waiter registered", Bound, Ct);
        var shared = Assert.Single(await worker.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        Assert.Equal("shared", shared.JobId);
        await worker.CompleteAsync(shared, "{}"u8.ToArray(), null, Ct);

        var results = await Task.WhenAll(first, second).WaitAsync(Bound, Ct);
        var otherStillWaiting = !other.IsCompleted && queue.CompletionWaiterCount == 1;
        var lease = Assert.Single(await worker.ReadAsync("c1", 1, TimeSpan.Zero, Ct));
        await worker.FailAsync(lease, new JobError { Code = "bad_request", Message = "no", Retryable = false }, Ct);
        var otherInfo = await other.WaitAsync(Bound, Ct);

        Assert.All(results, info => Assert.Equal(JobStatus.Succeeded, info!.Status));
        Assert.True(otherStillWaiting);
        Assert.Equal(JobStatus.Failed, otherInfo!.Status);
        Assert.Equal(0, queue.CompletionWaiterCount);
    }

    [Fact]
    public async Task FinishingScripts_PublishTheJobIdOnTheCompletionChannel()
    {
        // A prefix and ids that contain the separators the script splits on.
        var prefix = NewPrefix() + ":job:x:stats";
        var queue = await NewQueueAsync(o => o.MaxAttempts = 1, prefix: prefix);
        var received = new List<string>();
        var gate = new Lock();
        await using var subscription = await Connection.GetSubscriber().SubscribeAsync(
            $"{prefix}:completed", (_, message) => { lock (gate) { received.Add(Encoding.UTF8.GetString(message.Span)); } }, Ct);

        await queue.EnqueueAsync(Job("a:job:1"), Ct);
        await queue.CompleteAsync(Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct)), "{}"u8.ToArray(), null, Ct);
        await queue.EnqueueAsync(Job("b"), Ct);
        await queue.FailAsync(Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct)), new JobError { Code = "c", Message = "m", Retryable = true }, Ct);
        await queue.EnqueueAsync(Job("c"), Ct);
        await queue.CancelAsync("c", Ct);
        await queue.EnqueueAsync(Job("d"), Ct);
        await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct);
        await queue.CancelAsync("d", Ct);

        await Eventually.TrueAsync(() => { lock (gate) { return received.Count >= 3; } }, "three completions", Bound, Ct);
        string[] seen;
        lock (gate)
        {
            seen = [.. received];
        }

        // "b" was dead-lettered (one attempt, retryable), "c" cancelled while queued; "d" only asked to stop.
        Assert.Equal(["a:job:1", "b", "c"], seen);
    }

    [Fact]
    public async Task WaitForCompletionAsync_AfterThePubSubConnectionDropped_SubscribesAgainAndStillWakes()
    {
        var prefix = NewPrefix();
        var queue = await NewQueueAsync(prefix: prefix);
        await queue.EnqueueAsync(Job("before"), Ct);
        await queue.CompleteAsync(Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct)), "{}"u8.ToArray(), null, Ct);
        await queue.WaitForCompletionAsync("before", TimeSpan.FromSeconds(5), Ct);
        Assert.Equal(1, await SubscribersAsync($"{prefix}:completed"));

        await Connection.ExecuteAsync("CLIENT", ["KILL", "TYPE", "pubsub"], Ct);
        await Eventually.HoldsAsync(async () => await SubscribersAsync($"{prefix}:completed") == 1, "the completion channel subscribed again", Bound, Ct);
        await queue.EnqueueAsync(Job("after"), Ct);
        var wait = queue.WaitForCompletionAsync("after", TimeSpan.FromSeconds(30), Ct);
        await Eventually.TrueAsync(() => queue.CompletionWaiterCount == 1, "the waiter registered", Bound, Ct);
        await queue.CompleteAsync(Assert.Single(await queue.ReadAsync("c1", 1, TimeSpan.Zero, Ct)), "{}"u8.ToArray(), null, Ct);

        Assert.Equal(JobStatus.Succeeded, (await wait.WaitAsync(Bound, Ct))!.Status);
    }
}
