using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Platform.Hosting.Processes;

namespace Platform.Hosting;

/// <summary>Runs an <see cref="ExecutableResource"/>: its replicas, their health checks, restarts, scaling and stop.</summary>
internal sealed class ExecutableRunner : IResourceRunner, IDisposable
{
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(250);
    private readonly ExecutableResource _resource;
    private readonly DistributedApplicationOptions _options;
    private readonly ResourceOutput _output;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Lock _gate = new();
    private readonly List<ReplicaProcess> _replicas = [];
    private readonly List<ReplicaProcess> _all = [];
    private readonly List<Task> _drains = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private string _fileName = "";
    private IReadOnlyList<string> _leadingArgs = [];
    private int _nextIndex;

    public ExecutableRunner(ExecutableResource resource, DistributedApplicationOptions options, ResourceOutput output, ILogger logger)
    {
        _resource = resource;
        _options = options;
        _output = output;
        _logger = logger;
        _ready.Task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
    }

    public IResource Resource => _resource;

    public Task Ready => _ready.Task;

    /// <summary>Every PID this runner started, including replicas that have since exited.</summary>
    public IReadOnlyList<int> StartedProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Select(r => r.Pid)];
            }
        }
    }

    public ReplicaStatus Status
    {
        get
        {
            lock (_gate)
            {
                return new ReplicaStatus(_resource.Name, _replicas.Count, _replicas.Count(r => r.IsReady && !r.Exited.IsCompleted));
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_resource.ProjectPath is { } project)
        {
            var configuration = _options.BuildConfiguration ?? DistributedApplication.DefaultBuildConfiguration;
            var dll = await ProjectOutput.ResolveAsync(project, configuration, _resource.BuildOnStart, _output, _logger, cancellationToken);
            _fileName = ProjectOutput.DotNetHost;
            _leadingArgs = [dll];
        }
        else
        {
            _fileName = FindCommand();
        }

        List<Task> health;
        lock (_gate)
        {
            health = [.. Enumerable.Range(0, _resource.Replicas).Select(_ => StartReplica(restarts: 0))];
        }

        _ = CompleteReadyAsync(health);
    }

    /// <summary>The command's full path; a <see cref="ResourceStartException"/> saying how to get it when it is not on PATH.</summary>
    public string FindCommand() =>
        CommandLocator.Find(_resource.Command)
            ?? throw new ResourceStartException(string.Create(CultureInfo.InvariantCulture,
                $"'{_resource.Command}' (needed by resource '{_resource.Name}') was not found on PATH.{(_resource.InstallHint is null ? "" : " " + _resource.InstallHint)}"));

    /// <summary>Changes the number of replicas: new ones start (health checked in the background); the newest ones drain.</summary>
    public ReplicaStatus Scale(int replicas)
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
            {
                throw new InvalidOperationException($"'{_resource.Name}' is stopping.");
            }

            var current = _replicas.Count;
            if (replicas != current)
            {
                Log.Scaling(_logger, _resource.Name, current, replicas);
            }

            for (var i = current; i < replicas; i++)
            {
                _ = ObserveHealthAsync(StartReplica(restarts: 0));
            }

            foreach (var replica in _replicas.OrderByDescending(r => r.Context.Index).Take(Math.Max(0, current - replicas)).ToList())
            {
                _replicas.Remove(replica);
                replica.IsDraining = true;
                Log.Draining(_logger, replica.Prefix, _resource.StopTimeout.TotalSeconds);
                _drains.Add(StopReplicaAsync(replica));
            }

            return Status;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        List<Task> stops;
        lock (_gate)
        {
            if (_all.Count > 0)
            {
                Log.Stopping(_logger, _resource.Name);
            }

            _stopping.Cancel();
            stops = [.. _replicas.Select(StopReplicaAsync), .. _drains];
            _replicas.Clear();
        }

        await Task.WhenAll(stops).WaitAsync(cancellationToken);
        _ready.TrySetException(new ResourceStartException($"'{_resource.Name}' was stopped before it became healthy."));
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var replica in _all)
            {
                replica.Dispose();
            }
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private Task StartReplica(int restarts)
    {
        var index = _nextIndex++;
        var context = new ReplicaContext(_resource.Name, index, _resource.PortFor(index));
        var info = new ProcessStartInfo(_fileName) { WorkingDirectory = _resource.WorkingDirectory };
        foreach (var arg in _leadingArgs.Concat(_resource.ArgumentCallbacks.SelectMany(callback => callback(context))))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in _resource.EnvironmentCallbacks)
        {
            info.Environment[name] = value(context);
        }

        var prefix = _resource.IsScalable || _resource.Replicas > 1
            ? string.Create(CultureInfo.InvariantCulture, $"{_resource.Name}-{index}")
            : _resource.Name;
        var replica = new ReplicaProcess(context, prefix, info, _output);
        try
        {
            replica.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            replica.Dispose();
            throw new ResourceStartException($"'{_resource.Name}' could not be started: {ex.Message}", ex);
        }

        _replicas.Add(replica);
        _all.Add(replica);
        Log.ReplicaStarted(_logger, prefix, replica.Pid);
        _ = SuperviseAsync(replica, restarts);
        return WaitHealthyAsync(replica, _stopping.Token);
    }

    private async Task WaitHealthyAsync(ReplicaProcess replica, CancellationToken cancellationToken)
    {
        var check = _resource.HealthCheck ?? (_resource.HealthCheckPath is { } path && replica.Context.Url is { } url ? (c, ct) => HttpHealthyAsync(new Uri(url, path), ct) : null);
        if (check is null)
        {
            replica.IsReady = true;
            return;
        }

        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (replica.Exited.IsCompleted)
            {
                var code = await replica.Exited;
                throw new ResourceStartException(string.Create(CultureInfo.InvariantCulture,
                    $"{replica.Prefix} exited with code {code} before it became healthy; see its output above."));
            }

            if (await check(replica.Context, cancellationToken))
            {
                replica.IsReady = true;
                Log.ReplicaHealthy(_logger, replica.Prefix);
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > _resource.HealthTimeout)
            {
                throw new ResourceStartException(string.Create(CultureInfo.InvariantCulture,
                    $"{replica.Prefix} did not become healthy within {_resource.HealthTimeout.TotalSeconds:0} s."));
            }

            await Task.WhenAny(Task.Delay(HealthPollInterval, cancellationToken), replica.Exited);
        }
    }

    private async Task<bool> HttpHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(url, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task CompleteReadyAsync(List<Task> health)
    {
        try
        {
            await Task.WhenAll(health);
            _ready.TrySetResult();
        }
        catch (Exception ex)
        {
            _ready.TrySetException(ex);
        }
    }

    private async Task ObserveHealthAsync(Task health)
    {
        try
        {
            await health;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Stopping: the health of a replica being stopped does not matter.
        }
        catch (ResourceStartException ex)
        {
            Log.HealthCheckFailed(_logger, _resource.Name, ex);
        }
    }

    private async Task SuperviseAsync(ReplicaProcess replica, int restarts)
    {
        var code = await replica.Exited;
        if (replica.StopRequested || _stopping.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            _replicas.Remove(replica);
        }

        // Processes that die on their own are restarted a few times (a crash loop is left down and reported).
        if (restarts >= _options.MaxRestarts)
        {
            Log.ReplicaGivenUp(_logger, replica.Prefix, code);
            return;
        }

        Log.ReplicaCrashed(_logger, replica.Prefix, code, restarts + 1, _options.MaxRestarts, _options.RestartDelay.TotalSeconds);
        try
        {
            await Task.Delay(_options.RestartDelay, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (!_stopping.IsCancellationRequested)
            {
                _ = ObserveHealthAsync(StartReplica(restarts + 1));
            }
        }
    }

    private async Task StopReplicaAsync(ReplicaProcess replica)
    {
        // CancellationToken.None: a stop, once begun, must finish, or processes would be left behind.
        var left = await replica.StopAsync(_resource.StopTimeout, CancellationToken.None);
        if (left.Count > 0)
        {
            Log.ProcessesLeft(_logger, replica.Prefix, string.Join(',', left));
        }
        else
        {
            Log.ReplicaStopped(_logger, replica.Prefix, replica.Exited.IsCompleted ? replica.Exited.Result : -1);
        }
    }
}
