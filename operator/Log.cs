using Microsoft.Extensions.Logging;

namespace Platform.Operator;

/// <summary>The operator's log messages. The policy's namespace and name are in the logging scope.</summary>
internal static partial class Log
{
    private static readonly Func<ILogger, string, string, IDisposable?> PolicyScopeDefinition =
        LoggerMessage.DefineScope<string, string>("ScalePolicy {PolicyNamespace}/{PolicyName}");

    /// <summary>Puts the policy's namespace and name in scope for every log line of a reconcile.</summary>
    public static IDisposable? PolicyScope(ILogger logger, string namespaceName, string name) => PolicyScopeDefinition(logger, namespaceName, name);

    [LoggerMessage(1, LogLevel.Warning, "ScalePolicy is invalid and is ignored: {Problems}")]
    public static partial void InvalidPolicy(ILogger logger, string problems);

    [LoggerMessage(2, LogLevel.Warning, "Scale target unavailable: {Error}")]
    public static partial void TargetReadFailed(ILogger logger, string error);

    [LoggerMessage(3, LogLevel.Warning, "Metric {Index} ({Type}) could not be read: {Error}")]
    public static partial void MetricFailed(ILogger logger, int index, string type, string error);

    [LoggerMessage(4, LogLevel.Debug, "Decided {Current} -> {Desired} (limit {Limit}, preview {Preview}): {Reason}")]
    public static partial void Decided(ILogger logger, int current, int desired, string limit, bool preview, string reason);

    [LoggerMessage(5, LogLevel.Information, "Scaled {Current} -> {Desired}: {Reason}")]
    public static partial void Scaled(ILogger logger, int current, int desired, string reason);

    [LoggerMessage(6, LogLevel.Warning, "Scaling to {Desired} failed; the previous state is kept: {Error}")]
    public static partial void ScaleFailed(ILogger logger, int desired, string error);

    [LoggerMessage(7, LogLevel.Warning, "Recording event {Reason} failed: {Error}")]
    public static partial void EventFailed(ILogger logger, string reason, string error);

    [LoggerMessage(8, LogLevel.Warning, "Writing the status failed (retried at the next evaluation): {Error}")]
    public static partial void StatusWriteFailed(ILogger logger, string error);

    [LoggerMessage(9, LogLevel.Information, "Status: current {Current}, desired {Desired}, Ready={Ready} ({ReadyReason}): {Message}")]
    public static partial void StatusChanged(ILogger logger, int current, int desired, string ready, string readyReason, string message);

    [LoggerMessage(10, LogLevel.Warning, "Warning event {Reason}: {Note}")]
    public static partial void WarningEvent(ILogger logger, string reason, string note);

    [LoggerMessage(11, LogLevel.Information, "Event {Reason}: {Note}")]
    public static partial void NormalEvent(ILogger logger, string reason, string note);

    [LoggerMessage(12, LogLevel.Error, "Reconciling {Key} failed unexpectedly")]
    public static partial void ReconcileCrashed(ILogger logger, string key, Exception exception);

    [LoggerMessage(13, LogLevel.Warning, "Policy file {Path} could not be read: {Error}")]
    public static partial void PolicyFileInvalid(ILogger logger, string path, string error);

    [LoggerMessage(14, LogLevel.Information, "Loaded {Count} ScalePolicies from {Directory}")]
    public static partial void PoliciesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(15, LogLevel.Information, "Started leading as {Identity}")]
    public static partial void StartedLeading(ILogger logger, string identity);

    [LoggerMessage(16, LogLevel.Information, "Stopped leading as {Identity}")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(17, LogLevel.Information, "Operator running in {Mode} mode as {Identity}")]
    public static partial void Starting(ILogger logger, string mode, string identity);

    [LoggerMessage(18, LogLevel.Warning, "Shutdown: in-flight reconciles did not finish within {Timeout}")]
    public static partial void ShutdownTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(19, LogLevel.Error, "The {Component} loop failed; retrying")]
    public static partial void LoopFailed(ILogger logger, string component, Exception exception);

    [LoggerMessage(20, LogLevel.Warning, "Dashboard: reading queue {Stream} from Redis failed: {Error}")]
    public static partial void DashboardQueueFailed(ILogger logger, string stream, string error);
}
