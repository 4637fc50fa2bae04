using Platform.Redis.Internal;

namespace Platform.Redis.Tests.Internal;

public sealed class WriterSignalTests
{
    [Fact]
    public async Task WaitAsync_SetBefore_CompletesAtOnceAndConsumesTheSignal()
    {
        var signal = new WriterSignal();
        signal.Set();
        signal.Set();

        var first = signal.WaitAsync(TestContext.Current.CancellationToken).AsTask();
        var second = signal.WaitAsync(TestContext.Current.CancellationToken).AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        signal.Set();
        await second.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task WaitAsync_SetWhileWaiting_Completes()
    {
        var signal = new WriterSignal();
        var wait = signal.WaitAsync(TestContext.Current.CancellationToken).AsTask();

        signal.Set();

        await wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsAndLaterWaitsStillWork()
    {
        var signal = new WriterSignal();
        using var cts = new CancellationTokenSource();
        var wait = signal.WaitAsync(cts.Token).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        signal.Set();
        Assert.True(signal.WaitAsync(TestContext.Current.CancellationToken).AsTask().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitAsync_ManyConcurrentSetters_NoWakeUpLost()
    {
        // A bounded ping-pong: each round one setter races the waiter; every round must end.
        var signal = new WriterSignal();
        for (var round = 0; round < 2_000; round++)
        {
            var setter = Task.Run(signal.Set, TestContext.Current.CancellationToken);
            await signal.WaitAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await setter;
        }
    }
}
