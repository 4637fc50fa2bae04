using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.Operator.Hosting;

/// <summary>Local mode: the scheduler over the policy directory; no Kubernetes, no leader election.</summary>
internal sealed class LocalOperatorWorker(
    LocalPolicyDirectory directory,
    ReconcileScheduler scheduler,
    OperatorStatus status,
    OperatorIdentity identity,
    ILogger<LocalOperatorWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        status.Mode = "local";
        status.IsLeader = true;
        Log.Starting(logger, "local", identity.Name);
        directory.Current();
        status.Ready = true;
        await scheduler.RunAsync(directory, () => true, stoppingToken);
    }
}
