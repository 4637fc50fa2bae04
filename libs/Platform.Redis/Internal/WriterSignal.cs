using System.Threading.Tasks.Sources;

namespace Platform.Redis.Internal;

/// <summary>
/// An auto-reset wake-up for the single writer loop: any number of threads may <see cref="Set"/> it, one waiter at a
/// time awaits it. It replaces an unbounded channel: no lock and no allocation per wake-up (the signal is its own
/// thread-pool work item). The waiter always resumes on a thread-pool thread from the global queue, never inline in
/// <see cref="Set"/>: that hop is what lets the callers queue a batch before the writer drains it (resuming on the
/// signalling thread's local queue was measured and made the writer send one command per write).
/// </summary>
internal sealed class WriterSignal : IValueTaskSource, IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Signalled = 1;
    private const int Waiting = 2;

    private ManualResetValueTaskSourceCore<bool> _core;
    private CancellationTokenRegistration _registration;
    private int _state;

    /// <summary>Wakes the waiter, or makes the next wait return at once. Several sets before a wait count as one.</summary>
    public void Set()
    {
        while (true)
        {
            switch (Volatile.Read(ref _state))
            {
                case Signalled:
                    return;
                case Idle:
                    if (Interlocked.CompareExchange(ref _state, Signalled, Idle) == Idle)
                    {
                        return;
                    }

                    break;
                default:
                    // Whoever moves Waiting to Idle (this or the cancellation callback) completes the wait, exactly once.
                    if (Interlocked.CompareExchange(ref _state, Idle, Waiting) == Waiting)
                    {
                        // Never inline in the caller: the writer resumes on a thread-pool thread (global queue).
                        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                        return;
                    }

                    break;
            }
        }
    }

    /// <summary>Waits for a <see cref="Set"/> (consuming it). Only one wait may be outstanding; await it before the next.</summary>
    /// <param name="cancellationToken">Ends the wait with <see cref="OperationCanceledException"/>.</param>
    /// <returns>Completes when set.</returns>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Signalled) == Signalled)
        {
            return ValueTask.CompletedTask;
        }

        cancellationToken.ThrowIfCancellationRequested();
        _core.Reset();
        if (Interlocked.CompareExchange(ref _state, Waiting, Idle) != Idle)
        {
            // Set in between: consume it.
            Volatile.Write(ref _state, Idle);
            return ValueTask.CompletedTask;
        }

        // Registered after the state is Waiting, so a token cancelled meanwhile still ends the wait (synchronously here).
        _registration = cancellationToken.UnsafeRegister(
            static (state, token) =>
            {
                var signal = (WriterSignal)state!;
                if (Interlocked.CompareExchange(ref signal._state, Idle, Waiting) == Waiting)
                {
                    ThreadPool.UnsafeQueueUserWorkItem(static state => state.Signal._core.SetException(new OperationCanceledException(state.Token)), (Signal: signal, Token: token), preferLocal: false);
                }
            },
            this);
        return new ValueTask(this, _core.Version);
    }

    /// <summary>The queued wake-up (itself the work item, so a wake-up allocates nothing): resumes the waiter.</summary>
    void IThreadPoolWorkItem.Execute() => _core.SetResult(true);

    void IValueTaskSource.GetResult(short token)
    {
        _registration.Dispose();
        _registration = default;
        _core.GetResult(token);
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
