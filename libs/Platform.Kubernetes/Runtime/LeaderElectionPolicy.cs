using Platform.Kubernetes.Models;

namespace Platform.Kubernetes.Runtime;

/// <summary>The pure decisions of leader election.</summary>
internal static class LeaderElectionPolicy
{
    /// <summary>
    /// Whether <paramref name="identity"/> may take (or keep) the lease: it is free, already ours, or its holder has not
    /// renewed for a lease duration. Expiry is measured on our own clock from when we observed the current record
    /// (as client-go does), so clock skew between candidates cannot cut a live lease short.
    /// </summary>
    public static bool CanAcquire(V1LeaseSpec spec, string identity, DateTimeOffset observedAt, DateTimeOffset now, TimeSpan defaultLeaseDuration)
    {
        if (string.IsNullOrEmpty(spec.HolderIdentity) || string.Equals(spec.HolderIdentity, identity, StringComparison.Ordinal))
        {
            return true;
        }

        var duration = spec.LeaseDurationSeconds is { } seconds and > 0 ? TimeSpan.FromSeconds(seconds) : defaultLeaseDuration;
        return now >= observedAt + duration;
    }

    /// <summary>The lease record after <paramref name="identity"/> acquires or renews it.</summary>
    public static V1LeaseSpec Claim(V1LeaseSpec current, string identity, DateTimeOffset now, TimeSpan leaseDuration)
    {
        var renewing = string.Equals(current.HolderIdentity, identity, StringComparison.Ordinal);
        return new V1LeaseSpec
        {
            HolderIdentity = identity,
            LeaseDurationSeconds = LeaseSeconds(leaseDuration),
            AcquireTime = renewing ? current.AcquireTime ?? now : now,
            RenewTime = now,
            LeaseTransitions = renewing ? current.LeaseTransitions ?? 0 : (current.LeaseTransitions ?? 0) + (string.IsNullOrEmpty(current.HolderIdentity) && current.AcquireTime is null ? 0 : 1),
        };
    }

    /// <summary>The lease record after a graceful release: no holder, so others may take it at once.</summary>
    public static V1LeaseSpec Release(V1LeaseSpec current, DateTimeOffset now) => new()
    {
        HolderIdentity = null,
        LeaseDurationSeconds = 1,
        AcquireTime = current.AcquireTime,
        RenewTime = now,
        LeaseTransitions = current.LeaseTransitions,
    };

    /// <summary>Lease durations are whole seconds on the wire; never round down to zero.</summary>
    public static int LeaseSeconds(TimeSpan duration) => Math.Max(1, (int)Math.Ceiling(duration.TotalSeconds));
}
