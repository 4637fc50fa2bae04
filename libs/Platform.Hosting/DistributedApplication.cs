using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Processes;
using Platform.Hosting.Scaling;

namespace Platform.Hosting;

/// <summary>
/// A set of local processes started in declaration order (each after the resources it waits for are healthy) and
/// stopped in reverse order, leaving no process behind. Shaped like Aspire's <c>DistributedApplication</c>.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private readonly IReadOnlyList<IResourceRunner> _runners;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private Task? _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder, IReadOnlyList<IResource> resources)
    {
        Options = builder.Options;
        Resources = resources;
        _logger = Options.LoggerFactory.CreateLogger<DistributedApplication>();
        var output = new ResourceOutput(Options.Output ?? Console.Out);
        _runners = [.. resources.Select(IResourceRunner? (resource) => resource switch
        {
            ExecutableResource executable => new ExecutableRunner(executable, Options, output, _logger),
            ScaleEndpointResource scale => new ScaleEndpointRunner(scale, this),
            _ => null,
        }).OfType<IResourceRunner>()];
    }

    /// <summary>The build configuration of the host itself (Debug or Release), used for project output by default.</summary>
    public static string DefaultBuildConfiguration { get; } =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration
            ? configuration
            : "Debug";

    /// <summary>The application's options.</summary>
    public DistributedApplicationOptions Options { get; }

    /// <summary>The resources, in start order.</summary>
    public IReadOnlyList<IResource> Resources { get; }

    /// <summary>Cancelled when SIGINT or SIGTERM arrives (once <see cref="RunAsync"/> has registered for them).</summary>
    public CancellationToken ShutdownRequested => _shutdown.Token;

    /// <summary>Every PID the application started (replicas and builds), including exited ones.</summary>
    public IReadOnlyList<int> StartedProcessIds => [.. _runners.OfType<ExecutableRunner>().SelectMany(r => r.StartedProcessIds)];

    /// <summary>Creates a builder from the host's command-line arguments.</summary>
    public static DistributedApplicationBuilder CreateBuilder(string[] args) => new(new DistributedApplicationOptions { Args = args });

    /// <summary>Creates a builder with explicit options.</summary>
    public static DistributedApplicationBuilder CreateBuilder(DistributedApplicationOptions options) => new(options);

    /// <summary>
    /// Starts every resource in order, each once the resources it waits for are healthy, and returns when all are
    /// healthy. On failure, stops what was started and throws <see cref="ResourceStartException"/>.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Missing commands are reported before anything starts: one message, nothing to stop.
        foreach (var runner in _runners.OfType<ExecutableRunner>().Where(r => ((ExecutableResource)r.Resource).ProjectPath is null))
        {
            runner.FindCommand();
        }

        try
        {
            foreach (var runner in _runners)
            {
                if (runner.Resource is ExecutableResource executable)
                {
                    foreach (var dependency in executable.WaitsFor)
                    {
                        if (_runners.FirstOrDefault(r => ReferenceEquals(r.Resource, dependency)) is { } waited)
                        {
                            await waited.Ready.WaitAsync(cancellationToken);
                        }
                    }
                }

                await runner.StartAsync(cancellationToken);
            }

            await Task.WhenAll(_runners.Select(r => r.Ready)).WaitAsync(cancellationToken);
        }
        catch
        {
            // CancellationToken.None: whatever happened, what was started must be stopped.
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Stops every resource in reverse start order (SIGTERM, then SIGKILL of the process tree after the resource's stop timeout).</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopped ??= StopAllAsync();
        }

        return _stopped.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Starts the application, calls <paramref name="onStarted"/>, and runs until SIGINT, SIGTERM or
    /// <paramref name="cancellationToken"/>; then stops everything in order.
    /// </summary>
    public async Task RunAsync(Action<DistributedApplication>? onStarted, CancellationToken cancellationToken)
    {
        RegisterShutdownSignals();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            await StartAsync(linked.Token);
            onStarted?.Invoke(this);
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Ctrl+C, SIGTERM or the caller: a normal stop.
        }
        finally
        {
            await StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The replica counts of scalable resource <paramref name="name"/>, or null when there is none.</summary>
    public ReplicaStatus? GetReplicaStatus(string name) => FindScalable(name)?.Status;

    /// <summary>Starts or drains replicas of scalable resource <paramref name="name"/> until it has <paramref name="replicas"/>.</summary>
    public ReplicaStatus Scale(string name, int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replicas);
        var runner = FindScalable(name) ?? throw new KeyNotFoundException($"No scalable resource named '{name}'.");
        return runner.Scale(replicas);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        foreach (var signal in _signals)
        {
            signal.Dispose();
        }

        foreach (var runner in _runners)
        {
            switch (runner)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }

        _shutdown.Dispose();
    }

    private ExecutableRunner? FindScalable(string name) =>
        _runners.OfType<ExecutableRunner>().FirstOrDefault(r => ((ExecutableResource)r.Resource).IsScalable && string.Equals(r.Resource.Name, name, StringComparison.Ordinal));

    private void RegisterShutdownSignals()
    {
        if (!Options.HandleShutdownSignals || _signals.Count > 0)
        {
            return;
        }

        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                // Handled here: the host stops its resources in order instead of dying at once.
                context.Cancel = true;
                _shutdown.Cancel();
            }));
        }
    }

    private async Task StopAllAsync()
    {
        foreach (var runner in _runners.Reverse())
        {
            await runner.StopAsync(CancellationToken.None);
        }
    }
}
