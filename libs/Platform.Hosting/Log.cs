using Microsoft.Extensions.Logging;

namespace Platform.Hosting;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Started {Replica} (pid {Pid})")]
    public static partial void ReplicaStarted(ILogger logger, string replica, int pid);

    [LoggerMessage(2, LogLevel.Information, "{Replica} is healthy")]
    public static partial void ReplicaHealthy(ILogger logger, string replica);

    [LoggerMessage(3, LogLevel.Warning, "{Replica} exited unexpectedly with code {ExitCode}; restart {Restart} of {MaxRestarts} in {DelaySeconds} s")]
    public static partial void ReplicaCrashed(ILogger logger, string replica, int exitCode, int restart, int maxRestarts, double delaySeconds);

    [LoggerMessage(4, LogLevel.Error, "{Replica} exited with code {ExitCode} and was restarted too often; leaving it down")]
    public static partial void ReplicaGivenUp(ILogger logger, string replica, int exitCode);

    [LoggerMessage(5, LogLevel.Information, "Scaling {Resource} from {From} to {To} replicas")]
    public static partial void Scaling(ILogger logger, string resource, int from, int to);

    [LoggerMessage(6, LogLevel.Information, "Draining {Replica} (SIGTERM, up to {TimeoutSeconds} s)")]
    public static partial void Draining(ILogger logger, string replica, double timeoutSeconds);

    [LoggerMessage(7, LogLevel.Information, "Stopped {Replica} (exit code {ExitCode})")]
    public static partial void ReplicaStopped(ILogger logger, string replica, int exitCode);

    [LoggerMessage(8, LogLevel.Error, "{Replica}: processes {Pids} survived SIGKILL")]
    public static partial void ProcessesLeft(ILogger logger, string replica, string pids);

    [LoggerMessage(9, LogLevel.Information, "Building {Project}")]
    public static partial void Building(ILogger logger, string project);

    [LoggerMessage(10, LogLevel.Information, "Stopping {Resource}")]
    public static partial void Stopping(ILogger logger, string resource);

    [LoggerMessage(11, LogLevel.Warning, "Health check of {Replica} failed")]
    public static partial void HealthCheckFailed(ILogger logger, string replica, Exception exception);
}
