using System.Text.Json.Nodes;
using Platform.Charts.Tests.Infrastructure;

namespace Platform.Charts.Tests;

/// <summary>The operator's RBAC grants exactly the calls it makes (operator/rbac.md), and nothing more.</summary>
public sealed class OperatorRbacTests
{
    /// <summary>(apiGroup, resource, verb) the operator uses on watched namespaces: every row of operator/rbac.md's table but the Lease.</summary>
    private static readonly SortedSet<string> WatchedNamespacePermissions = [.. DocumentedPermissions().Where(p => !IsLease(p))];

    /// <summary>Leader election, in the release namespace: the Lease row of operator/rbac.md's table.</summary>
    private static readonly SortedSet<string> LeaderElectionPermissions = [.. DocumentedPermissions().Where(IsLease)];

    [Fact]
    public async Task Template_Defaults_ClusterRoleGrantsExactlyTheOperatorsCalls()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(WatchedNamespacePermissions, Permissions(chart.Get("ClusterRole", "llm-platform-operator")));
        Assert.Equal(LeaderElectionPermissions, Permissions(chart.Get("Role", "llm-platform-operator-leader-election")));
        Assert.Equal(RenderedChart.Namespace, (string?)chart.Get("Role", "llm-platform-operator-leader-election")["metadata"]!["namespace"]);
        AssertBoundToOperator(chart.Get("ClusterRoleBinding", "llm-platform-operator"), "ClusterRole");
        AssertBoundToOperator(chart.Get("RoleBinding", "llm-platform-operator-leader-election"), "Role");
        Assert.Equal(2, chart.OfKind("Role").Count() + chart.OfKind("ClusterRole").Count());
    }

    [Fact]
    public async Task Template_WatchNamespace_UsesARoleInThatNamespaceAndNoClusterRole()
    {
        var chart = await RenderedChart.RenderAsync("production", TestContext.Current.CancellationToken);

        Assert.Empty(chart.OfKind("ClusterRole"));
        Assert.Empty(chart.OfKind("ClusterRoleBinding"));
        var role = chart.Get("Role", "llm-platform-operator");
        Assert.Equal(WatchedNamespacePermissions, Permissions(role));
        AssertBoundToOperator(chart.Get("RoleBinding", "llm-platform-operator"), "Role");
        var args = chart.Get("Deployment", "llm-platform-operator")["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => (string?)a).ToList();
        Assert.Equal("llm", args[args.IndexOf("--namespace") + 1]);
    }

    [Fact]
    public async Task Template_Defaults_OperatorRunsUnderItsServiceAccountWithLeaderElection()
    {
        var chart = await RenderedChart.RenderAsync(null, TestContext.Current.CancellationToken);

        var pod = chart.Get("Deployment", "llm-platform-operator")["spec"]!["template"]!["spec"]!;
        Assert.Equal("llm-platform-operator", (string?)pod["serviceAccountName"]);
        chart.Get("ServiceAccount", "llm-platform-operator");
        var env = pod["containers"]![0]!["env"]!.AsArray();
        Assert.Contains(env, e => (string?)e!["name"] == "Operator__LeaseName" && (string?)e["value"] == "llm-platform-operator");
        Assert.Contains(env, e => (string?)e!["name"] == "POD_NAME" && (string?)e["valueFrom"]!["fieldRef"]!["fieldPath"] == "metadata.name");
        Assert.Contains(env, e => (string?)e!["name"] == "POD_NAMESPACE" && (string?)e["valueFrom"]!["fieldRef"]!["fieldPath"] == "metadata.namespace");
    }

    [Fact]
    public void Rbac_OperatorDocument_ListsTheCallsTheOperatorMakes()
    {
        // The table is the source of truth for the chart; this guards the parser against reading nothing or junk.
        Assert.Equal(
            new SortedSet<string>()
            {
                "autoscaling.llmplatform.dev/scalepolicies:get", "autoscaling.llmplatform.dev/scalepolicies:list",
                "autoscaling.llmplatform.dev/scalepolicies:watch", "autoscaling.llmplatform.dev/scalepolicies/status:patch",
                "apps/deployments:get", "apps/deployments/scale:patch", "events.k8s.io/events:create",
            },
            WatchedNamespacePermissions);
        Assert.Equal(new SortedSet<string>() { "coordination.k8s.io/leases:create", "coordination.k8s.io/leases:get", "coordination.k8s.io/leases:update" }, LeaderElectionPermissions);
    }

    /// <summary>The (apiGroup/resource:verb) set of operator/rbac.md's table: rows <c>| `group` | `resource` | `verb`, `verb` | call |</c>.</summary>
    private static SortedSet<string> DocumentedPermissions()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "operator", "rbac.md"));
        var permissions = new SortedSet<string>();
        foreach (var line in text.Split('\n'))
        {
            var cells = line.Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (!line.TrimStart().StartsWith('|') || cells.Length < 3 || !cells[0].StartsWith('`'))
            {
                continue;
            }

            var group = cells[0].Trim('`');
            var resource = cells[1].Trim('`');
            foreach (var verb in cells[2].Split(',').Select(v => v.Trim().Trim('`')).Where(v => v.Length > 0))
            {
                permissions.Add($"{group}/{resource}:{verb}");
            }
        }

        return permissions;
    }

    private static bool IsLease(string permission) => permission.StartsWith("coordination.k8s.io/leases:", StringComparison.Ordinal);

    private static SortedSet<string> Permissions(JsonObject role) =>
    [
        .. from rule in role["rules"]!.AsArray()
           from g in rule!["apiGroups"]!.AsArray()
           from r in rule["resources"]!.AsArray()
           from v in rule["verbs"]!.AsArray()
           select $"{(string?)g}/{(string?)r}:{(string?)v}",
    ];

    private static void AssertBoundToOperator(JsonObject binding, string roleKind)
    {
        Assert.Equal(roleKind, (string?)binding["roleRef"]!["kind"]);
        var subject = binding["subjects"]!.AsArray().Single()!;
        Assert.Equal("ServiceAccount", (string?)subject["kind"]);
        Assert.Equal("llm-platform-operator", (string?)subject["name"]);
        Assert.Equal(RenderedChart.Namespace, (string?)subject["namespace"]);
    }
}
