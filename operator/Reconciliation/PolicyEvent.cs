namespace Platform.Operator.Reconciliation;

/// <summary>An event about a policy (an events.k8s.io/v1 Event in cluster mode, a log line locally).</summary>
/// <param name="Type"><c>Normal</c> or <c>Warning</c>.</param>
/// <param name="Reason">UpperCamelCase reason, e.g. <c>ScaledUp</c>, <c>InvalidPolicy</c>, <c>FailedGetMetrics</c>.</param>
/// <param name="Action">What was done or attempted, e.g. <c>Scale</c>, <c>Validate</c>, <c>GetMetrics</c>.</param>
/// <param name="Note">What happened, for humans.</param>
internal sealed record PolicyEvent(string Type, string Reason, string Action, string Note)
{
    /// <summary>A Normal event.</summary>
    public static PolicyEvent Normal(string reason, string action, string note) => new("Normal", reason, action, note);

    /// <summary>A Warning event.</summary>
    public static PolicyEvent Warning(string reason, string action, string note) => new("Warning", reason, action, note);
}
