using Platform.Jobs;

namespace Platform.Worker;

/// <summary>A job attempt running on this worker.</summary>
internal sealed class RunningJob(JobLease lease) : IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private int _reason;

    public JobLease Lease => lease;

    /// <summary>Cancelled when the client cancels the job or the worker abandons it.</summary>
    public CancellationToken Token => _cancellation.Token;

    /// <summary>The worker gave the job up (shutdown past the grace period, or the lease went to another worker): leave it pending.</summary>
    public bool Abandoned => Volatile.Read(ref _reason) == 2;

    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Cancels the attempt because the client asked; the first reason given wins.</summary>
    public Task CancelByClientAsync() => CancelAsync(1);

    /// <summary>Cancels the attempt without reporting it: another worker will reclaim the job.</summary>
    public Task AbandonAsync() => CancelAsync(2);

    public void Dispose() => _cancellation.Dispose();

    private Task CancelAsync(int reason)
    {
        Interlocked.CompareExchange(ref _reason, reason, 0);
        try
        {
            // Asynchronous, so that the caller (the pub/sub reader, the maintenance loop) never runs the job's cancellation callbacks itself.
            return _cancellation.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return Task.CompletedTask;
        }
    }
}
