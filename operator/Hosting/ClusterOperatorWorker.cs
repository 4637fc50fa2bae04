using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Kubernetes;
using Platform.Kubernetes.Runtime;
using Platform.Operator.Kubernetes;
using Platform.Operator.Reconciliation;
using Platform.Scaling.Policy;

namespace Platform.Operator.Hosting;

/// <summary>
/// Cluster mode: an informer on ScalePolicies (all namespaces or one), Lease leader election (only the leader
/// reconciles and writes), and the scheduler. Stopping finishes the current reconciles, then releases the lease.
/// </summary>
internal sealed class ClusterOperatorWorker(
    KubernetesClient client,
    ReconcileScheduler scheduler,
    ScalePolicyController controller,
    OperatorStatus status,
    OperatorIdentity identity,
    IOptions<OperatorOptions> options,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ClusterOperatorWorker>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        status.Mode = "cluster";
        Log.Starting(_logger, "cluster", identity.Name);
        var informer = new Informer<ScalePolicyResource>(
            client, ScalePolicyResource.Descriptor, new InformerOptions { Namespace = settings.Namespace },
            loggerFactory.CreateLogger<Informer<ScalePolicyResource>>(), timeProvider);
        var elector = new LeaderElector(client, new LeaderElectionOptions
        {
            LeaseName = settings.LeaseName,
            LeaseNamespace = settings.LeaseNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? client.Configuration.Namespace ?? "default",
            Identity = identity.Name,
            LeaseDuration = settings.LeaseDuration,
            RenewDeadline = settings.RenewDeadline,
            RetryPeriod = settings.RetryPeriod,
        }, loggerFactory.CreateLogger<LeaderElector>(), timeProvider);
        elector.OnStartedLeading += () =>
        {
            // A new term starts from fresh in-memory history (another replica may have acted meanwhile).
            controller.Reset();
            status.IsLeader = true;
            Log.StartedLeading(_logger, identity.Name);
        };
        elector.OnStoppedLeading += () =>
        {
            status.IsLeader = false;
            Log.StoppedLeading(_logger, identity.Name);
        };

        // The election outlives the scheduler so that the lease is released only after in-flight reconciles finish.
        using var electionCts = new CancellationTokenSource();
        var informerTask = informer.RunAsync(stoppingToken);
        var electionTask = elector.RunAsync(electionCts.Token);
        try
        {
            await informer.WaitForCacheSyncAsync(stoppingToken);
            status.Ready = true;
            await scheduler.RunAsync(new InformerPolicySource(informer), () => elector.IsLeader, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await electionCts.CancelAsync();
            await Quietly(electionTask);
            await Quietly(informerTask);
        }
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed class InformerPolicySource(Informer<ScalePolicyResource> informer) : IPolicySource
    {
        public IReadOnlyList<V1Alpha1ScalePolicy> Current() => [.. informer.List().Select(r => r.ToPolicy())];
    }
}
