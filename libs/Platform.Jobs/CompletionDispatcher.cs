using System.Text;
using Platform.Redis;

namespace Platform.Jobs;

/// <summary>
/// One long-lived subscription to the queue's completion channel (<c>{prefix}:completed</c>, whose messages are
/// the ids of finished jobs) that wakes the callers waiting for those jobs. It replaces a SUBSCRIBE, its
/// confirmation and an UNSUBSCRIBE per waiting request. The subscription is made on first use and lives as long
/// as the connection's subscriber, which subscribes again by itself after a reconnect; a message lost while it
/// was away is covered by the waiters' status polling.
/// </summary>
internal sealed class CompletionDispatcher(RedisConnection redis, string channel)
{
    // Job ids are short; longer ones (never produced by this platform) are decoded on the heap.
    private const int MaxStackIdLength = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Waiter> _waiters = new(StringComparer.Ordinal);
    private Task? _subscribed;

    /// <summary>How many callers are waiting (for tests: a timed-out or cancelled wait must not stay registered).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                var count = 0;
                foreach (var waiter in _waiters.Values)
                {
                    for (var w = waiter; w is not null; w = w.Next)
                    {
                        count++;
                    }
                }

                return count;
            }
        }
    }

    /// <summary>
    /// Subscribes on the first call; later calls return at once. Completes when the server confirmed the
    /// subscription, or when the confirmation timed out (the subscriber keeps it and retries after reconnecting;
    /// until then waiters find completions by polling).
    /// </summary>
    public Task EnsureSubscribedAsync(CancellationToken cancellationToken)
    {
        var subscribed = Volatile.Read(ref _subscribed);
        if (subscribed is null)
        {
            lock (_gate)
            {
                subscribed = _subscribed ??= Task.Run(SubscribeAsync, CancellationToken.None);
            }
        }

        return subscribed.IsCompletedSuccessfully ? Task.CompletedTask : subscribed.WaitAsync(cancellationToken);
    }

    /// <summary>Registers a waiter for <paramref name="jobId"/>; dispose it when done waiting (on every path).</summary>
    public Waiter Register(string jobId)
    {
        var waiter = new Waiter(this, jobId);
        lock (_gate)
        {
            if (_waiters.TryGetValue(jobId, out var first))
            {
                waiter.Next = first;
            }

            _waiters[jobId] = waiter;
        }

        return waiter;
    }

    private async Task SubscribeAsync()
    {
        try
        {
            // Not tied to the first waiter's token: the subscription serves every later waiter of this queue.
            await redis.GetSubscriber().SubscribeAsync(channel, OnMessage, CancellationToken.None);
        }
        catch (RedisTimeoutException)
        {
            // Still registered with the subscriber, which subscribes again once connected; waiters poll meanwhile.
        }
    }

    private void OnMessage(string _, ReadOnlyMemory<byte> message)
    {
        // Runs on the subscriber's read loop, for every job of the queue that finishes (also other replicas'):
        // look the id up without allocating, and only wake waiters (their continuations run elsewhere).
        var bytes = message.Span;
        Waiter? waiters;
        lock (_gate)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            if (bytes.Length <= MaxStackIdLength)
            {
                Span<char> id = stackalloc char[MaxStackIdLength];
                var length = Encoding.UTF8.GetChars(bytes, id);
                _waiters.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id[..length], out waiters);
            }
            else
            {
                _waiters.TryGetValue(Encoding.UTF8.GetString(bytes), out waiters);
            }
        }

        for (var waiter = waiters; waiter is not null; waiter = waiter.Next)
        {
            waiter.Wake();
        }
    }

    private void Remove(Waiter waiter)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(waiter.JobId, out var first))
            {
                return;
            }

            if (ReferenceEquals(first, waiter))
            {
                if (waiter.Next is null)
                {
                    _waiters.Remove(waiter.JobId);
                }
                else
                {
                    _waiters[waiter.JobId] = waiter.Next;
                }

                return;
            }

            for (var previous = first; previous.Next is not null; previous = previous.Next)
            {
                if (ReferenceEquals(previous.Next, waiter))
                {
                    previous.Next = waiter.Next;
                    return;
                }
            }
        }
    }

    /// <summary>One caller waiting for one job. Several may wait for the same job; they form a list.</summary>
    internal sealed class Waiter(CompletionDispatcher owner, string jobId) : IDisposable
    {
        private readonly SemaphoreSlim _signal = new(0);
        private int _disposed;

        public string JobId => jobId;

        // Guarded by the owner's lock. A woken waiter is not unlinked by the wake, so a list walked outside the
        // lock stays consistent: unlinking only ever changes the previous node's Next.
        public Waiter? Next { get; set; }

        /// <summary>Waits until woken or <paramref name="timeout"/> passes; true when woken.</summary>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

        public void Wake()
        {
            // One pending wake-up is enough: the waiter reads the job's state each time it wakes. A wake racing
            // with Dispose is harmless to skip.
            try
            {
                if (Volatile.Read(ref _disposed) == 0 && _signal.CurrentCount == 0)
                {
                    _signal.Release();
                }
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Remove(this);
                _signal.Dispose();
            }
        }
    }
}
