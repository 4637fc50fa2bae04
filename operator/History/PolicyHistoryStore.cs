using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Scaling.Policy;

namespace Platform.Operator.History;

/// <summary>
/// In-memory view of every policy for <c>GET /api/policies</c> (and the dashboard): spec summary, status, problems and
/// a bounded history of decisions, metric samples and events per policy.
/// </summary>
internal sealed class PolicyHistoryStore(IOptions<OperatorOptions> options)
{
    private readonly ConcurrentDictionary<string, PolicyHistory> _policies = new(StringComparer.Ordinal);

    /// <summary>The history of a policy, created on first use.</summary>
    public PolicyHistory For(V1Alpha1ScalePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var key = Key(policy);
        var history = _policies.GetOrAdd(key, _ => new PolicyHistory(policy.Metadata.Namespace ?? "default", policy.Metadata.Name ?? "", options.Value.HistoryLength));
        history.Policy = policy;
        return history;
    }

    /// <summary>Forgets a policy that was deleted.</summary>
    public void Remove(string key) => _policies.TryRemove(key, out _);

    /// <summary>Every policy's view, ordered by namespace and name.</summary>
    public IReadOnlyList<PolicyView> Snapshot() =>
        [.. _policies.Values.Select(h => h.ToView()).OrderBy(v => v.Namespace, StringComparer.Ordinal).ThenBy(v => v.Name, StringComparer.Ordinal)];

    /// <summary>The <c>namespace/name</c> key of a policy.</summary>
    public static string Key(V1Alpha1ScalePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (policy.Metadata.Namespace ?? "default") + "/" + policy.Metadata.Name;
    }
}
