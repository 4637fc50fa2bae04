namespace Platform.Operator;

/// <summary>This operator instance's identity: the Lease holder name and the events' reporting instance.</summary>
/// <param name="Name">The identity, e.g. the pod name.</param>
internal sealed record OperatorIdentity(string Name);
