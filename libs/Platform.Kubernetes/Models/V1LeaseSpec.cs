using System.Text.Json.Serialization;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes.Models;

/// <summary>The lease record.</summary>
public sealed class V1LeaseSpec
{
    /// <summary>The identity of the current holder; empty when the lease is free.</summary>
    public string? HolderIdentity { get; set; }

    /// <summary>How long a holder may go without renewing before others may take the lease.</summary>
    public int? LeaseDurationSeconds { get; set; }

    /// <summary>When the current holder acquired the lease (MicroTime).</summary>
    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? AcquireTime { get; set; }

    /// <summary>When the current holder last renewed the lease (MicroTime).</summary>
    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? RenewTime { get; set; }

    /// <summary>How many times the lease changed hands.</summary>
    public int? LeaseTransitions { get; set; }
}
