using System.Diagnostics.CodeAnalysis;

namespace Platform.Kubernetes.Runtime;

/// <summary>
/// A controller work queue with client-go's semantics: a key queued several times is processed once (dedup);
/// a key is never handed to two workers at once (a key added while processing is queued again after
/// <see cref="Done"/>); delayed adds (<see cref="AddAfter"/>); per-key exponential backoff
/// (<see cref="AddRateLimited"/>, <see cref="Forget"/>); shutdown that lets workers drain.
/// </summary>
/// <typeparam name="TKey">The key type, typically <c>namespace/name</c>.</typeparam>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "client-go's name for this type; it is a queue.")]
public sealed class RateLimitingWorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _dirty = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly Queue<TaskCompletionSource<(TKey, bool)>> _waiters = new();
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _delayed = [];
    private readonly ExponentialFailureRateLimiter<TKey> _rateLimiter;
    private readonly TimeProvider _timeProvider;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

    /// <summary>Creates the queue.</summary>
    /// <param name="rateLimiter">The backoff for <see cref="AddRateLimited"/>; null for client-go's default (5 ms → 1000 s).</param>
    /// <param name="timeProvider">The clock for delays; null for the system clock.</param>
    public RateLimitingWorkQueue(ExponentialFailureRateLimiter<TKey>? rateLimiter = null, TimeProvider? timeProvider = null)
    {
        _rateLimiter = rateLimiter ?? new ExponentialFailureRateLimiter<TKey>();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How many keys wait to be processed (not counting delayed ones).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Whether <see cref="ShutDown"/> was called.</summary>
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <summary>Queues a key, unless it is already queued. Ignored after shutdown.</summary>
    /// <param name="key">The key.</param>
    public void Add(TKey key)
    {
        lock (_lock)
        {
            AddLocked(key);
        }
    }

    /// <summary>Queues a key after a delay; of several pending delays for one key the earliest wins.</summary>
    /// <param name="key">The key.</param>
    /// <param name="delay">The delay; zero or less adds at once.</param>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var due = _timeProvider.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var existing))
            {
                if (existing.Due <= due)
                {
                    return;
                }

                existing.Timer.Dispose();
            }

            var timer = _timeProvider.CreateTimer(_ => FireDelayed(key), state: null, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>Queues a key after its backoff delay, and counts one more failure for it.</summary>
    /// <param name="key">The key.</param>
    public void AddRateLimited(TKey key) => AddAfter(key, _rateLimiter.When(key));

    /// <summary>Resets the backoff of a key (call when it was processed successfully).</summary>
    /// <param name="key">The key.</param>
    public void Forget(TKey key) => _rateLimiter.Forget(key);

    /// <summary>How many times the key was rate-limited since it was last forgotten.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The count.</returns>
    public int NumRequeues(TKey key) => _rateLimiter.NumRequeues(key);

    /// <summary>
    /// Waits for the next key. Returns <c>ShutDown = true</c> (and a default key) once the queue is shut down and empty.
    /// Call <see cref="Done"/> with the key when finished with it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The key, or the shutdown signal.</returns>
    public Task<(TKey Key, bool ShutDown)> GetAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource<(TKey, bool)> waiter;
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                return Task.FromResult((TakeLocked(), false));
            }

            if (_shuttingDown)
            {
                return Task.FromResult((default(TKey)!, true));
            }

            waiter = new TaskCompletionSource<(TKey, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Enqueue(waiter);
        }

        return WaitAsync(waiter, cancellationToken);
    }

    /// <summary>Marks a key as processed; if it was added meanwhile, it is queued again now.</summary>
    /// <param name="key">The key.</param>
    public void Done(TKey key)
    {
        lock (_lock)
        {
            _processing.Remove(key);
            if (_dirty.Contains(key))
            {
                _queue.Enqueue(key);
                DispatchLocked();
            }

            if (_shuttingDown && _processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <summary>Stops accepting keys; workers get the keys still queued, then the shutdown signal.</summary>
    public void ShutDown()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            foreach (var (_, timer) in _delayed.Values)
            {
                timer.Dispose();
            }

            _delayed.Clear();
            while (_waiters.TryDequeue(out var waiter))
            {
                waiter.TrySetResult((default!, true));
            }
        }
    }

    /// <summary>Shuts down and waits until every key handed out has been marked <see cref="Done"/>.</summary>
    /// <param name="cancellationToken">Stops waiting (the queue stays shut down).</param>
    /// <returns>A task that completes when the in-flight keys are done.</returns>
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        ShutDown();
        lock (_lock)
        {
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }
        }

        return drained.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => ShutDown();

    private static async Task<(TKey Key, bool ShutDown)> WaitAsync(TaskCompletionSource<(TKey, bool)> waiter, CancellationToken cancellationToken)
    {
        using (cancellationToken.Register(static state => ((TaskCompletionSource<(TKey, bool)>)state!).TrySetCanceled(), waiter))
        {
            return await waiter.Task;
        }
    }

    private void FireDelayed(TKey key)
    {
        lock (_lock)
        {
            if (_delayed.Remove(key, out var entry))
            {
                entry.Timer.Dispose();
                AddLocked(key);
            }
        }
    }

    private void AddLocked(TKey key)
    {
        if (_shuttingDown || !_dirty.Add(key))
        {
            return;
        }

        // While a worker holds the key it stays dirty only; Done queues it again.
        if (_processing.Contains(key))
        {
            return;
        }

        _queue.Enqueue(key);
        DispatchLocked();
    }

    private void DispatchLocked()
    {
        while (_queue.Count > 0 && _waiters.TryDequeue(out var waiter))
        {
            var key = _queue.Peek();

            // A waiter whose caller gave up is already cancelled: skip it and keep the key.
            if (waiter.Task.IsCompleted)
            {
                continue;
            }

            _queue.Dequeue();
            _dirty.Remove(key);
            _processing.Add(key);
            if (!waiter.TrySetResult((key, false)))
            {
                _processing.Remove(key);
                _dirty.Add(key);
                _queue.Enqueue(key);
            }
        }
    }

    private TKey TakeLocked()
    {
        var key = _queue.Dequeue();
        _dirty.Remove(key);
        _processing.Add(key);
        return key;
    }
}
