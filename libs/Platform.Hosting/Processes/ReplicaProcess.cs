using System.Diagnostics;
using System.Globalization;

namespace Platform.Hosting.Processes;

/// <summary>
/// One running replica: a child process in its own session (so a terminal's Ctrl+C reaches only the host, which
/// then stops replicas in order), with its output written line by line under a prefix.
/// </summary>
internal sealed class ReplicaProcess : IDisposable
{
    private static readonly string? SetSid = CommandLocator.Find("setsid");
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ResourceOutput _output;
    private volatile bool _ready;
    private volatile bool _draining;
    private volatile bool _stopRequested;

    public ReplicaProcess(ReplicaContext context, string prefix, ProcessStartInfo startInfo, ResourceOutput output)
    {
        Context = context;
        Prefix = prefix;
        _output = output;
        if (SetSid is not null)
        {
            // setsid execs in place (the child of a fork is never a group leader): the PID stays the replica's own.
            startInfo.ArgumentList.Insert(0, startInfo.FileName);
            startInfo.FileName = SetSid;
        }

        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.RedirectStandardInput = true;
        _process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Write(e.Data);
        _process.ErrorDataReceived += (_, e) => Write(e.Data);
        _process.Exited += (_, _) => _exited.TrySetResult(SafeExitCode());
    }

    public ReplicaContext Context { get; }

    public string Prefix { get; }

    public int Pid { get; private set; }

    /// <summary>Whether the replica passed its health check.</summary>
    public bool IsReady { get => _ready; set => _ready = value; }

    /// <summary>Whether the replica was sent SIGTERM on a scale-down and is finishing its work.</summary>
    public bool IsDraining { get => _draining; set => _draining = value; }

    /// <summary>Whether the host asked the replica to stop (an exit is then expected, not a crash).</summary>
    public bool StopRequested => _stopRequested;

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited.Task;

    public void Start()
    {
        _process.Start();
        Pid = _process.Id;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Nothing reads the replica's stdin: close it so it sees end of input rather than a terminal.
        _process.StandardInput.Close();
    }

    /// <summary>Sends SIGTERM and marks the stop as expected.</summary>
    public void Terminate()
    {
        _stopRequested = true;
        if (!_exited.Task.IsCompleted)
        {
            ProcessTree.Terminate(Pid);
        }
    }

    /// <summary>
    /// Stops the replica: SIGTERM, up to <paramref name="timeout"/> to exit, then SIGKILL to its process group and
    /// descendants. Returns the PIDs that are still alive afterwards (empty when the stop was clean).
    /// </summary>
    public async Task<IReadOnlyList<int>> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Terminate();
        await WaitExitAsync(timeout, cancellationToken);
        if (!_exited.Task.IsCompleted || ProcessTree.GroupMembers(Pid).Count > 0)
        {
            ProcessTree.KillTree(Pid, Pid);
            await WaitExitAsync(TimeSpan.FromSeconds(5), cancellationToken);
        }

        // Verify: neither the replica nor anything left in its process group may survive.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var left = ProcessTree.GroupMembers(Pid).Concat(ProcessTree.IsAlive(Pid) && !_exited.Task.IsCompleted ? [Pid] : []).Distinct().ToList();
            if (left.Count == 0)
            {
                return [];
            }

            ProcessTree.KillTree(Pid, Pid);
            await Task.Delay(50, cancellationToken);
        }

        return [.. ProcessTree.GroupMembers(Pid)];
    }

    public void Dispose() => _process.Dispose();

    private async Task WaitExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller escalates.
        }
    }

    private int SafeExitCode()
    {
        try
        {
            return _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            _output.WriteLine(Prefix, line);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Prefix} (pid {Pid})");
}
