using Microsoft.Extensions.Logging;
using Platform.Scaling.Policy;

namespace Platform.Operator.Reconciliation;

/// <summary>Local mode: status and events go to the log (and, through the reconciler, to <c>GET /api/policies</c>).</summary>
internal sealed class LoggingStatusWriter(ILogger<LoggingStatusWriter> logger) : IPolicyStatusWriter
{
    public Task WriteStatusAsync(V1Alpha1ScalePolicy policy, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var ready = status.Conditions.FirstOrDefault(c => c.Type == ScalePolicyCondition.Ready);
        Log.StatusChanged(logger, status.CurrentReplicas, status.DesiredReplicas, ready?.Status ?? "Unknown", ready?.Reason ?? "", status.LastDecision?.Reason ?? ready?.Message ?? "");
        return Task.CompletedTask;
    }

    public Task RecordEventAsync(V1Alpha1ScalePolicy policy, PolicyEvent policyEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policyEvent);
        if (policyEvent.Type == "Warning")
        {
            Log.WarningEvent(logger, policyEvent.Reason, policyEvent.Note);
        }
        else
        {
            Log.NormalEvent(logger, policyEvent.Reason, policyEvent.Note);
        }

        return Task.CompletedTask;
    }
}
