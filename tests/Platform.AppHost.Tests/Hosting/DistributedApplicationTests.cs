using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Hosting;
using Platform.Hosting.Processes;
using Platform.Testing;

namespace Platform.AppHost.Tests.Hosting;

public sealed class DistributedApplicationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static DistributedApplicationBuilder NewBuilder(CapturedOutput output) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Output = output,
            HandleShutdownSignals = false,
            RestartDelay = TimeSpan.FromMilliseconds(50),
            MaxRestarts = 2,
        });

    [Fact]
    public async Task StartAsync_TwoReplicas_PrefixesEveryOutputLineWithNameAndIndex()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        builder.AddExecutable("echo", "sh", Path.GetTempPath(), "-c", "echo hello; echo oops >&2; exec sleep 60").WithReplicas(2);
        await using var app = builder.Build();

        await app.StartAsync(ct);

        Assert.True(await output.WaitForAsync(t => t.Split('\n').Count(l => l.Contains("oops", StringComparison.Ordinal)) == 2, Patience, ct), output.Text);
        Assert.Contains("[echo-0] hello", output.Lines);
        Assert.Contains("[echo-1] hello", output.Lines);
        Assert.Contains("[echo-0] oops", output.Lines);
        Assert.Contains("[echo-1] oops", output.Lines);
    }

    [Fact]
    public async Task DisposeAsync_ProcessTreesAndProcessesIgnoringSigterm_LeavesNoProcessBehind()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        builder.AddExecutable("tree", "sh", Path.GetTempPath(), "-c", "sleep 300 & sleep 300 & echo children; wait");
        builder.AddExecutable("stubborn", "sh", Path.GetTempPath(), "-c", "trap '' TERM; echo ignoring; while true; do sleep 1; done")
            .WithStopTimeout(TimeSpan.FromMilliseconds(500));
        var app = builder.Build();
        await app.StartAsync(ct);
        Assert.True(await output.WaitForAsync(t => t.Contains("[tree] children", StringComparison.Ordinal) && t.Contains("[stubborn] ignoring", StringComparison.Ordinal), Patience, ct));
        var started = app.StartedProcessIds;
        var everything = started.Concat(started.SelectMany(ProcessTree.Descendants)).ToList();
        Assert.True(everything.Count >= 4, $"expected the shells and their sleeps, saw {everything.Count} processes");

        await app.DisposeAsync();

        Assert.All(everything, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} is still running"));
        Assert.All(started, pgid => Assert.Empty(ProcessTree.GroupMembers(pgid)));
    }

    [Fact]
    public async Task Scale_Down_SendsSigtermToTheNewestReplicasAndLetsThemDrain()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        builder.AddExecutable("worker", "sh", Path.GetTempPath(), "-c", "trap 'echo draining; sleep 0.3; echo drained; exit 0' TERM; echo up; while true; do sleep 0.1; done")
            .WithReplicas(3);
        await using var app = builder.Build();
        await app.StartAsync(ct);
        Assert.True(await output.WaitForAsync(t => t.Split('\n').Count(l => l.EndsWith("] up", StringComparison.Ordinal)) == 3, Patience, ct));
        var pids = app.StartedProcessIds;

        var status = app.Scale("worker", 1);

        Assert.Equal(new ReplicaStatus("worker", 1, 1), status);
        Assert.True(await output.WaitForAsync(t => t.Contains("[worker-1] drained", StringComparison.Ordinal) && t.Contains("[worker-2] drained", StringComparison.Ordinal), Patience, ct), output.Text);
        await Eventually.TrueAsync(() => !ProcessTree.IsAlive(pids[1]) && !ProcessTree.IsAlive(pids[2]), "both replicas scaled away to exit", Patience, ct);
        Assert.DoesNotContain("[worker-0] draining", output.Text, StringComparison.Ordinal);
        Assert.True(ProcessTree.IsAlive(pids[0]));
    }

    [Fact]
    public async Task Scale_Up_StartsNewReplicasWithNewIndexes()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        builder.AddExecutable("worker", "sh", Path.GetTempPath(), "-c", "echo up; exec sleep 60").WithReplicas(1);
        await using var app = builder.Build();
        await app.StartAsync(ct);

        var status = app.Scale("worker", 3);

        Assert.Equal(3, status.Replicas);
        Assert.True(await output.WaitForAsync(t => t.Contains("[worker-1] up", StringComparison.Ordinal) && t.Contains("[worker-2] up", StringComparison.Ordinal), Patience, ct), output.Text);
        Assert.Equal(new ReplicaStatus("worker", 3, 3), app.GetReplicaStatus("worker"));
        Assert.Equal(3, app.StartedProcessIds.Distinct().Count());
    }

    [Fact]
    public async Task StartAsync_WaitFor_StartsTheDependentOnlyOnceTheDependencyIsHealthy()
    {
        var ct = TestContext.Current.CancellationToken;
        var healthy = false;
        var polls = 0;
        await using var health = await StartHealthServerAsync(() => { Interlocked.Increment(ref polls); return healthy; }, ct);
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        var dependency = builder.AddExecutable("db", "sleep", Path.GetTempPath(), "60")
            .WithEndpoint(health.Port)
            .WithHttpHealthCheck("/health", TimeSpan.FromSeconds(60));
        builder.AddExecutable("app", "sh", Path.GetTempPath(), "-c", "echo started; exec sleep 60").WaitFor(dependency);
        await using var app = builder.Build();

        var start = app.StartAsync(ct);
        await Eventually.TrueAsync(() => Volatile.Read(ref polls) >= 3, "three health polls", Patience, ct);
        Assert.False(start.IsCompleted);
        Assert.DoesNotContain("[app] started", output.Text, StringComparison.Ordinal);

        healthy = true;
        await start.WaitAsync(Patience, ct);

        Assert.True(await output.WaitForAsync(t => t.Contains("[app] started", StringComparison.Ordinal), Patience, ct));
    }

    [Fact]
    public async Task StartAsync_CommandNotOnPath_ThrowsOneClearMessageWithTheInstallHint()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder(new CapturedOutput());
        builder.AddExecutable("first", "sh", Path.GetTempPath(), "-c", "exec sleep 60");
        builder.AddExecutable("db", "no-such-command-7f3a", Path.GetTempPath())
            .WithInstallHint("Install it with: sudo apt-get install -y no-such-command");
        var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(ct));

        Assert.Equal("'no-such-command-7f3a' (needed by resource 'db') was not found on PATH. Install it with: sudo apt-get install -y no-such-command", error.Message);
        Assert.Empty(app.StartedProcessIds);
        await app.DisposeAsync();
    }

    [Fact]
    public void AddRedis_Always_TellsHowToInstallRedisServer()
    {
        var builder = NewBuilder(new CapturedOutput());

        var redis = builder.AddRedis("redis", Path.GetTempPath());

        Assert.Equal("redis-server", redis.Resource.Command);
        Assert.Contains("apt-get install -y redis-server", redis.Resource.InstallHint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ReplicaExitsBeforeItIsHealthy_ThrowsAndStopsWhatWasStarted()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = NewBuilder(new CapturedOutput());
        builder.AddExecutable("first", "sh", Path.GetTempPath(), "-c", "exec sleep 60");
        builder.AddExecutable("broken", "sh", Path.GetTempPath(), "-c", "exit 3")
            .WithEndpoint()
            .WithHttpHealthCheck("/health");
        var app = builder.Build();

        var error = await Assert.ThrowsAsync<ResourceStartException>(() => app.StartAsync(ct));

        Assert.Contains("broken exited with code 3 before it became healthy", error.Message, StringComparison.Ordinal);
        Assert.All(app.StartedProcessIds, pid => Assert.False(ProcessTree.IsAlive(pid)));
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Supervision_ReplicaExitsOnItsOwn_IsRestartedAtMostMaxRestartsTimes()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = NewBuilder(output);
        builder.AddExecutable("flaky", "sh", Path.GetTempPath(), "-c", "echo up; exit 1").WithReplicas(1);
        await using var app = builder.Build();
        await app.StartAsync(ct);

        await Eventually.TrueAsync(() => app.StartedProcessIds.Count == 3, "three processes started", Patience, ct);
        await Eventually.TrueAsync(() => app.GetReplicaStatus("flaky")!.Replicas == 0, "no flaky replica left", Patience, ct);
        Assert.Equal(3, app.StartedProcessIds.Count);
    }

    private static async Task<HealthServer> StartHealthServerAsync(Func<bool> healthy, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/health", () => healthy() ? Results.Ok() : Results.StatusCode((int)HttpStatusCode.ServiceUnavailable));
        await app.StartAsync(cancellationToken);
        var port = new Uri(app.Urls.First()).Port;
        return new HealthServer(app, port);
    }

    private sealed record HealthServer(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
