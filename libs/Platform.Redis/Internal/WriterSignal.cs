using System.Threading.Tasks.Sources;

namespace Platform.Redis.Internal;

/// <summary>
/// An auto-reset wake-up for the single writer loop: any number of threads may <see cref="Set"/> it, one waiter at a
/// time awaits it. It replaces an unbounded channel: no lock, no allocation per wait, and the writer's continuation is
/// queued to the signalling thread's local thread-pool queue (<see cref="ManualResetValueTaskSourceCore{TResult}"/>
/// with <see cref="ManualResetValueTaskSourceCore{TResult}.RunContinuationsAsynchronously"/>), so a caller that queues
/// several commands and then awaits usually runs the writer itself afterwards, with the whole batch queued, instead of
/// waking another thread. The writer never runs inline inside <see cref="Set"/>.
/// </summary>
internal sealed class WriterSignal : IValueTaskSource
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
                        ThreadPool.UnsafeQueueUserWorkItem(static signal => signal._core.SetResult(true), this, preferLocal: false);
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
