using Platform.Kubernetes.Runtime;

namespace Platform.Kubernetes.Tests.Runtime;

public sealed class RateLimitingWorkQueueTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_SameKeyTwiceBeforeProcessing_IsHandedOutOnce()
    {
        using var queue = new RateLimitingWorkQueue<string>();
        queue.Add("default/a");
        queue.Add("default/b");
        queue.Add("default/a");

        var first = await queue.GetAsync(Token);
        var second = await queue.GetAsync(Token);

        Assert.Equal(("default/a", false), first);
        Assert.Equal(("default/b", false), second);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task Add_KeyWhileItIsProcessed_IsNotHandedToAnotherWorkerUntilDone()
    {
        using var queue = new RateLimitingWorkQueue<string>();
        queue.Add("k");
        var (key, _) = await queue.GetAsync(Token);

        queue.Add("k");
        var secondWorker = queue.GetAsync(Token);
        await Task.Delay(50, Token);
        var handedOutWhileProcessing = secondWorker.IsCompleted;
        queue.Done(key);
        var again = await secondWorker.WaitAsync(TimeSpan.FromSeconds(5), Token);

        Assert.False(handedOutWhileProcessing);
        Assert.Equal(("k", false), again);
    }

    [Fact]
    public async Task GetAsync_ManyWorkersManyAdds_NeverProcessesOneKeyConcurrently()
    {
        using var queue = new RateLimitingWorkQueue<int>();
        var active = new int[5];
        var overlaps = 0;
        var processed = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shutDown) = await queue.GetAsync(Token);
                if (shutDown)
                {
                    return;
                }

                if (Interlocked.Increment(ref active[key]) > 1)
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();
                Interlocked.Decrement(ref active[key]);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        }, Token)).ToArray();

        for (var i = 0; i < 2000; i++)
        {
            queue.Add(i % 5);
            if (i % 50 == 0)
            {
                await Task.Yield();
            }
        }

        await queue.ShutDownWithDrainAsync(Token).WaitAsync(TimeSpan.FromSeconds(10), Token);
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(10), Token);

        Assert.Equal(0, overlaps);
        Assert.InRange(processed, 5, 2000);
    }

    [Theory]
    // First failure waits the base delay.
    [InlineData(1, 5)]
    // Each further failure doubles it.
    [InlineData(2, 10)]
    [InlineData(5, 80)]
    // 5 ms x 2^17 = 655 s, still under the cap.
    [InlineData(18, 655_360)]
    // 5 ms x 2^18 = 1310 s: capped at 1000 s.
    [InlineData(19, 1_000_000)]
    [InlineData(200, 1_000_000)]
    public void When_RepeatedFailures_BackoffDoublesFrom5msUpTo1000s(int failures, long expectedMilliseconds)
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        var delay = TimeSpan.Zero;
        for (var i = 0; i < failures; i++)
        {
            delay = limiter.When("k");
        }

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), delay);
        Assert.Equal(failures, limiter.NumRequeues("k"));
    }

    [Fact]
    public void Forget_AfterFailures_ResetsBackoff()
    {
        var limiter = new ExponentialFailureRateLimiter<string>();
        limiter.When("k");
        limiter.When("k");

        limiter.Forget("k");

        Assert.Equal(0, limiter.NumRequeues("k"));
        Assert.Equal(TimeSpan.FromMilliseconds(5), limiter.When("k"));
    }

    [Fact]
    public async Task AddRateLimited_KeyAppearsOnlyAfterItsBackoff()
    {
        var time = new FakeTimeProvider();
        using var queue = new RateLimitingWorkQueue<string>(new ExponentialFailureRateLimiter<string>(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)), time);
        queue.AddRateLimited("k");
        queue.AddRateLimited("k");

        // The second failure asked for 2 s, but the earlier 1 s delay wins for the pending key.
        var waiting = queue.GetAsync(Token);
        time.Advance(TimeSpan.FromMilliseconds(900));
        var earlyCount = queue.Count;
        time.Advance(TimeSpan.FromMilliseconds(100));
        var got = await waiting.WaitAsync(TimeSpan.FromSeconds(5), Token);

        Assert.Equal(0, earlyCount);
        Assert.Equal(("k", false), got);
        Assert.Equal(2, queue.NumRequeues("k"));
    }

    [Fact]
    public async Task AddAfter_ShutDownBeforeDue_KeyNeverArrives()
    {
        var time = new FakeTimeProvider();
        using var queue = new RateLimitingWorkQueue<string>(timeProvider: time);
        queue.AddAfter("k", TimeSpan.FromSeconds(1));

        queue.ShutDown();
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal((null, true), await queue.GetAsync(Token));
    }

    [Fact]
    public async Task ShutDown_WithQueuedKeys_HandsThemOutThenSignalsShutdownAndIgnoresAdds()
    {
        using var queue = new RateLimitingWorkQueue<string>();
        queue.Add("a");
        var idle = new RateLimitingWorkQueue<string>();
        var blocked = idle.GetAsync(Token);

        queue.ShutDown();
        idle.ShutDown();
        queue.Add("b");

        Assert.Equal(("a", false), await queue.GetAsync(Token));
        Assert.Equal((null, true), await queue.GetAsync(Token));
        Assert.True((await blocked.WaitAsync(TimeSpan.FromSeconds(5), Token)).ShutDown);
        idle.Dispose();
    }

    [Fact]
    public async Task ShutDownWithDrainAsync_KeyInFlight_CompletesOnlyAfterDone()
    {
        using var queue = new RateLimitingWorkQueue<string>();
        queue.Add("a");
        var (key, _) = await queue.GetAsync(Token);

        var drain = queue.ShutDownWithDrainAsync(Token);
        await Task.Delay(50, Token);
        var drainedEarly = drain.IsCompleted;
        queue.Done(key);
        await drain.WaitAsync(TimeSpan.FromSeconds(5), Token);

        Assert.False(drainedEarly);
    }
}
