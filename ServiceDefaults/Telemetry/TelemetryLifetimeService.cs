using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Platform.ServiceDefaults.Telemetry;

/// <summary>
/// Owns the tracer and meter providers (OpenTelemetry.Extensions.Hosting, which would do this, does not
/// restore here). Resolving them at start begins listening; after every other hosted service has stopped
/// (<see cref="StoppedAsync"/>) the last batch is flushed and the providers shut down within a bounded time,
/// so telemetry recorded while stopping still leaves the process.
/// </summary>
internal sealed class TelemetryLifetimeService(
    TracerProvider tracerProvider,
    MeterProvider meterProvider,
    IServiceProvider services,
    ILogger<TelemetryLifetimeService> logger) : IHostedLifecycleService
{
    /// <summary>Upper bound for each provider's final flush; exporters time out on their own too (10 s by default).</summary>
    internal static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    // Resolved at start: when the host stops, its container may already be disposed (WebApplicationFactory
    // disposes the test server's services before stopping the host).
    private LoggerProvider? _loggerProvider;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _loggerProvider = services.GetService<LoggerProvider>();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        var timeout = (int)FlushTimeout.TotalMilliseconds;

        // Logs first: the logger provider lives on until the container is disposed, but its batch should
        // leave together with the spans and metrics it refers to.
        if (_loggerProvider is { } loggerProvider && !loggerProvider.ForceFlush(timeout))
        {
            Log.FlushTimedOut(logger, "logs", FlushTimeout);
        }

        if (!tracerProvider.Shutdown(timeout))
        {
            Log.FlushTimedOut(logger, "traces", FlushTimeout);
        }

        if (!meterProvider.Shutdown(timeout))
        {
            Log.FlushTimedOut(logger, "metrics", FlushTimeout);
        }

        tracerProvider.Dispose();
        meterProvider.Dispose();
        return Task.CompletedTask;
    }
}
