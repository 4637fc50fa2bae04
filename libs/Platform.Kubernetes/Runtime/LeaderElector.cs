using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Kubernetes.Models;

namespace Platform.Kubernetes.Runtime;

/// <summary>
/// Lease-based leader election over a coordination.k8s.io/v1 Lease (client-go's <c>LeaderElector</c>): candidates
/// try every retry period to take the lease when it is free or expired; the leader renews it, with optimistic
/// concurrency on resourceVersion (a 409 means someone else wrote first: try again next period); a leader that
/// cannot renew within the renew deadline steps down; a graceful stop releases the lease by clearing the holder.
/// </summary>
public sealed class LeaderElector
{
    private readonly KubernetesClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly string _leaseKey;
    private (string? Holder, DateTimeOffset? RenewTime, string? ResourceVersion) _observedRecord;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;
    private volatile string? _leader;

    /// <summary>Creates the elector; call <see cref="RunAsync"/> to take part.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="options">Lease name, identity and timings.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public LeaderElector(KubernetesClient client, LeaderElectionOptions options, ILogger<LeaderElector>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _client = client;
        _options = options;
        _logger = logger ?? NullLogger<LeaderElector>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _leaseKey = $"{options.LeaseNamespace}/{options.LeaseName}";
    }

    /// <summary>Raised when this candidate becomes the leader.</summary>
    public event Action? OnStartedLeading;

    /// <summary>Raised when this candidate stops leading (lost the lease, or stopped).</summary>
    public event Action? OnStoppedLeading;

    /// <summary>Raised when the observed leader changes (with the new leader's identity).</summary>
    public event Action<string>? OnNewLeader;

    /// <summary>Whether this candidate currently holds the lease.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The identity of the leader as last observed, or null.</summary>
    public string? Leader => _leader;

    /// <summary>This candidate's identity.</summary>
    public string Identity => _options.Identity;

    /// <summary>
    /// Takes part in the election until cancelled: acquire, lead while renewing, and after losing the lease
    /// become a candidate again. On cancellation the lease is released if held (and <see cref="LeaderElectionOptions.ReleaseOnCancel"/>).
    /// </summary>
    /// <param name="cancellationToken">Stops taking part.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await AcquireAsync(cancellationToken))
            {
                return;
            }

            _isLeader = true;
            Log.StartedLeading(_logger, _leaseKey, _options.Identity);
            Raise(OnStartedLeading);
            try
            {
                await RenewUntilLostAsync(cancellationToken);
            }
            finally
            {
                _isLeader = false;
                if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
                {
                    await ReleaseAsync();
                }

                Log.StoppedLeading(_logger, _leaseKey, _options.Identity);
                Raise(OnStoppedLeading);
            }
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                return true;
            }

            if (!await DelayAsync(Jittered(_options.RetryPeriod), cancellationToken))
            {
                return false;
            }
        }
    }

    private async Task RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        var lastRenew = _timeProvider.GetUtcNow();
        while (await DelayAsync(_options.RetryPeriod, cancellationToken))
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenew = _timeProvider.GetUtcNow();
                continue;
            }

            // Someone else holds it now, or we could not renew in time: step down.
            var takenOver = _leader is not null && !string.Equals(_leader, _options.Identity, StringComparison.Ordinal);
            if (takenOver || _timeProvider.GetUtcNow() - lastRenew >= _options.RenewDeadline)
            {
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        // One attempt must not outlive the renew deadline.
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(_options.RenewDeadline);
        try
        {
            V1Lease lease;
            try
            {
                lease = await _client.GetAsync<V1Lease>(ResourceDescriptor.Leases, _options.LeaseNamespace, _options.LeaseName, attempt.Token);
            }
            catch (KubernetesException exception) when (exception.StatusCode == HttpStatusCode.NotFound)
            {
                var now = _timeProvider.GetUtcNow();
                var created = await _client.CreateAsync(
                    ResourceDescriptor.Leases,
                    _options.LeaseNamespace,
                    new V1Lease
                    {
                        Metadata = new ObjectMeta { Name = _options.LeaseName, Namespace = _options.LeaseNamespace },
                        Spec = LeaderElectionPolicy.Claim(new V1LeaseSpec(), _options.Identity, now, _options.LeaseDuration),
                    },
                    attempt.Token);
                Observe(created);
                return true;
            }

            Observe(lease);
            var at = _timeProvider.GetUtcNow();
            if (!LeaderElectionPolicy.CanAcquire(lease.Spec, _options.Identity, _observedAt, at, _options.LeaseDuration))
            {
                return false;
            }

            lease.Spec = LeaderElectionPolicy.Claim(lease.Spec, _options.Identity, at, _options.LeaseDuration);

            // PUT with the resourceVersion we read: if anyone wrote since, the server answers 409 and we try again later.
            var updated = await _client.ReplaceAsync(ResourceDescriptor.Leases, _options.LeaseNamespace, _options.LeaseName, lease, attempt.Token);
            Observe(updated);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the caller's loop ends (and releases the lease) on its next check.
            return false;
        }
        catch (OperationCanceledException)
        {
            Log.AttemptFailed(_logger, new TimeoutException("The lease call timed out."), _leaseKey, _options.Identity);
            return false;
        }
        catch (Exception exception) when (exception is KubernetesException or HttpRequestException or IOException or TimeoutException)
        {
            Log.AttemptFailed(_logger, exception, _leaseKey, _options.Identity);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        // The caller's token is already cancelled; releasing still deserves a short, bounded try.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var lease = await _client.GetAsync<V1Lease>(ResourceDescriptor.Leases, _options.LeaseNamespace, _options.LeaseName, timeout.Token);
            if (!string.Equals(lease.Spec.HolderIdentity, _options.Identity, StringComparison.Ordinal))
            {
                return;
            }

            lease.Spec = LeaderElectionPolicy.Release(lease.Spec, _timeProvider.GetUtcNow());
            var released = await _client.ReplaceAsync(ResourceDescriptor.Leases, _options.LeaseNamespace, _options.LeaseName, lease, timeout.Token);
            Observe(released);
            Log.Released(_logger, _leaseKey, _options.Identity);
        }
        catch (Exception exception) when (exception is KubernetesException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
        {
            Log.ReleaseFailed(_logger, exception, _leaseKey, _options.Identity);
        }
    }

    private void Observe(V1Lease lease)
    {
        var record = (lease.Spec.HolderIdentity, lease.Spec.RenewTime, lease.Metadata.ResourceVersion);
        if (record != _observedRecord)
        {
            _observedRecord = record;
            _observedAt = _timeProvider.GetUtcNow();
        }

        var holder = string.IsNullOrEmpty(lease.Spec.HolderIdentity) ? null : lease.Spec.HolderIdentity;
        if (!string.Equals(holder, _leader, StringComparison.Ordinal))
        {
            _leader = holder;
            if (holder is not null)
            {
                Log.NewLeader(_logger, _leaseKey, holder);
                try
                {
                    OnNewLeader?.Invoke(holder);
                }
                catch (Exception exception)
                {
                    Log.CallbackFailed(_logger, exception, _leaseKey);
                }
            }
        }
    }

    private void Raise(Action? callback)
    {
        try
        {
            callback?.Invoke();
        }
        catch (Exception exception)
        {
            // A callback's failure must not break the election loop.
            Log.CallbackFailed(_logger, exception, _leaseKey);
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // Candidates retrying in lockstep would collide on every attempt: spread them by up to 20 % (client-go's JitterFactor 1.2).
    private static TimeSpan Jittered(TimeSpan period) => period * (1 + (0.2 * Random.Shared.NextDouble()));
}
