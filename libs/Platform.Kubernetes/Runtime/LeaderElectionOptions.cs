using System.ComponentModel.DataAnnotations;

namespace Platform.Kubernetes.Runtime;

/// <summary>Lease-based leader election settings (client-go's <c>LeaderElectionConfig</c> defaults).</summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "LeaderElection";

    /// <summary>The Lease name, e.g. <c>scalepolicy-operator</c>. Required.</summary>
    [Required]
    public string LeaseName { get; set; } = string.Empty;

    /// <summary>The Lease namespace. Required.</summary>
    [Required]
    public string LeaseNamespace { get; set; } = string.Empty;

    /// <summary>This candidate's identity, unique among candidates (the pod name). Required.</summary>
    [Required]
    public string Identity { get; set; } = string.Empty;

    /// <summary>How long others wait, after the last observed renewal, before taking the lease. Default: 15 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leadership. Default: 10 s.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews. Default: 2 s.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Whether a graceful stop releases the lease (clears the holder) so another candidate takes over at once. Default: true.</summary>
    public bool ReleaseOnCancel { get; set; } = true;

    /// <summary>Throws if the settings cannot work: names missing, or not <c>LeaseDuration &gt; RenewDeadline &gt; RetryPeriod &gt; 0</c>.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LeaseName) || string.IsNullOrWhiteSpace(LeaseNamespace) || string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException("LeaseName, LeaseNamespace and Identity are required.");
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"Need LeaseDuration ({LeaseDuration}) > RenewDeadline ({RenewDeadline}) > RetryPeriod ({RetryPeriod}) > 0.");
        }
    }
}
