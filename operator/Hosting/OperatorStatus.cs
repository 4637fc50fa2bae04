namespace Platform.Operator.Hosting;

/// <summary>What the health check reports: the mode, whether the policy source is ready, and leadership.</summary>
internal sealed class OperatorStatus
{
    /// <summary><c>cluster</c> or <c>local</c>.</summary>
    public string Mode { get; set; } = "cluster";

    /// <summary>Whether the policies have been read (informer synced, or the directory scanned).</summary>
    public bool Ready { get; set; }

    /// <summary>Whether this instance leads (always true locally).</summary>
    public bool IsLeader { get; set; }
}
