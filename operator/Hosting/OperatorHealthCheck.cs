using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Platform.Operator.Hosting;

/// <summary>Healthy once the policies have been read; reports the mode and whether this instance leads.</summary>
internal sealed class OperatorHealthCheck(OperatorStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["mode"] = status.Mode, ["leader"] = status.IsLeader };
        return Task.FromResult(status.Ready
            ? HealthCheckResult.Healthy(status.IsLeader ? "reconciling as the leader" : "standing by (not the leader)", data)
            : HealthCheckResult.Unhealthy("policies not read yet", data: data));
    }
}
