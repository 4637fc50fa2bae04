using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Testing;
using Platform.AppHost.Extensions;
using Platform.Cli.Load;
using Platform.Cli.Simulation;
using Platform.Hosting;
using Platform.Hosting.Processes;

namespace Platform.AppHost.Tests.EndToEnd;

/// <summary>
/// Issue 8's end-to-end test: the whole platform on this machine (redis-server, gateway, workers, operator in local
/// mode) under two minutes of replayed load (the Azure conversation trace at 5× speed, as <c>platformctl load</c>
/// sends it): the operator scales the worker processes up during the load and back down after it, every accepted job
/// completes, and stopping the AppHost leaves no process behind. About four minutes, part of the default run: the
/// other test assemblies run beside it.
/// </summary>
public sealed class AppHostEndToEndTests
{
    // The default policy with a short scale-down stabilization (5 s instead of 30 s) and faster scale-down steps,
    // so the scale-down after the load is seen within the test.
    private const string Policy = """
        apiVersion: autoscaling.llmplatform.dev/v1alpha1
        kind: ScalePolicy
        metadata:
          name: llm-worker
          namespace: default
        spec:
          targetRef:
            apiVersion: apps/v1
            kind: Deployment
            name: llm-worker
          minReplicas: 1
          maxReplicas: 6
          mode: Hybrid
          evaluationInterval: 2s
          metrics:
            - type: QueueBacklog
              queue:
                stream: llm:jobs
                consumerGroup: workers
              targetPerReplica: 8
          prediction:
            algorithm: HoltWinters
            horizon: 30s
            history: 30m
            step: 10s
            margin: 0.1
          behavior:
            scaleUp:
              stabilizationWindowSeconds: 0
              selectPolicy: Max
              policies:
                - type: Percent
                  value: 100
                  periodSeconds: 15
                - type: Pods
                  value: 4
                  periodSeconds: 15
            scaleDown:
              stabilizationWindowSeconds: 5
              selectPolicy: Max
              policies:
                - type: Pods
                  value: 2
                  periodSeconds: 5
        """;

    [Fact]
    public async Task AppHost_TwoMinutesOfTraceAtFiveTimes_ScalesWorkersUpAndDownCompletesEveryJobAndLeavesNoProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = TestContext.Current.TestOutputHelper;
        var root = AppHostSettings.FindRepositoryRoot(AppContext.BaseDirectory);
        var trace = Path.GetFullPath(Path.Combine(root, "..", "shared", "traces", "AzureLLMInferenceTrace_conv.csv"));
        Assert.SkipUnless(File.Exists(trace), "the Azure conversation trace is not at " + trace);
        using var data = new TempDirectory();
        var policies = Directory.CreateDirectory(Path.Combine(data.Path, "scalepolicies"));
        await File.WriteAllTextAsync(Path.Combine(policies.FullName, "llm-worker.yaml"), Policy, ct);

        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Output = new CapturedOutput(), HandleShutdownSignals = false });
        var defaults = AppHostSettings.From(builder.Configuration, root);
        Assert.SkipWhen(defaults.OperatorProject is null, "operator/ has no project.");
        var settings = defaults with
        {
            GatewayPort = 0,
            RedisConnectionString = null,
            RedisDataDirectory = Path.Combine(data.Path, "redis"),
            ScalePolicyDirectory = policies.FullName,
            ApiKey = "sk-e2e-test",
            BuildOperator = false,
        };
        var platform = builder.AddLlmPlatform(settings);
        var app = builder.Build();
        try
        {
            await app.StartAsync(ct).WaitAsync(TimeSpan.FromMinutes(5), ct);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var scaleUrl = new Uri($"{platform.ScaleEndpoint.Resource.Url!.ToString().TrimEnd('/')}/{PlatformResourceExtensions.WorkerName}");
            var dashboardUrl = new Uri(platform.Operator!.Resource.Url, "/api/dashboard");

            // Watch the worker replicas through the scale endpoint's GET, once a second, for the whole test.
            var replicas = new ConcurrentQueue<(TimeSpan At, int Replicas)>();
            var clock = Stopwatch.StartNew();
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var watcher = WatchAsync(http, scaleUrl, clock, replicas, watching.Token);

            // The load: platformctl load's planner and runner, POST /v1/jobs, two minutes of replay at 5x.
            var options = new LoadOptions
            {
                TracePath = trace, Gateway = platform.Gateway.Resource.Url, ApiKey = settings.ApiKey, Speed = 5, Duration = TimeSpan.FromMinutes(2),
                Mode = LoadMode.Jobs, Progress = false,
            };
            var plan = LoadPlan.Build(TraceReader.Read(trace), options.Speed, options.Duration, options.MaxRequests);
            using var loadHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var outcomes = await new LoadRunner(loadHttp, options, TimeProvider.System).RunAsync(plan, null, ct);
            var loadEnded = clock.Elapsed;
            var accepted = outcomes.Count(o => o.Succeeded);
            output?.WriteLine($"planned {plan.Count}, accepted {accepted}, others: {string.Join(", ", outcomes.Where(o => !o.Succeeded).GroupBy(o => o.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? o.Failure).Select(g => $"{g.Key}: {g.Count()}"))}");
            Assert.True(accepted >= plan.Count * 0.9, $"only {accepted} of {plan.Count} jobs were accepted");

            // Every accepted job completes: the queue's completed counter reaches the accepted count, nothing outstanding.
            var queue = await Eventually.ReturnsAsync(async () => (await http.GetFromJsonAsync<JsonElement>(dashboardUrl, ct)).GetProperty("queue"),
                q => q.ValueKind == JsonValueKind.Object && q.GetProperty("completed").GetInt64() >= accepted
                     && q.GetProperty("backlog").GetInt64() + q.GetProperty("pending").GetInt64() + q.GetProperty("scheduled").GetInt64() == 0,
                "every accepted job completed", TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1), ct);
            Assert.Equal(accepted, queue.GetProperty("added").GetInt64());
            Assert.Equal(accepted, queue.GetProperty("completed").GetInt64());
            Assert.Equal(0, queue.GetProperty("failed").GetInt64());
            Assert.Equal(0, queue.GetProperty("deadLettered").GetInt64());

            // Back down to the minimum once the backlog is gone.
            await Eventually.ReturnsAsync(() => Task.FromResult(replicas.LastOrDefault().Replicas), r => r == 1, "the workers back at the minimum", TimeSpan.FromMinutes(3), TimeSpan.FromSeconds(1), ct);
            await watching.CancelAsync();
            await watcher;
            var timeline = replicas.ToList();
            output?.WriteLine("replicas: " + string.Join(" ", timeline.Select(r => $"{r.At.TotalSeconds:0}s={r.Replicas}")));
            var peak = timeline.Where(r => r.At <= loadEnded + TimeSpan.FromSeconds(10)).Max(r => r.Replicas);
            Assert.True(peak > 1, "the workers were never scaled up during the load");
            var peakAt = timeline.First(r => r.Replicas == peak).At;
            Assert.Contains(timeline, r => r.At > peakAt && r.Replicas == 1);
            Assert.All(timeline, r => Assert.InRange(r.Replicas, 1, 6));
        }
        finally
        {
            await app.DisposeAsync();
        }

        var started = app.StartedProcessIds;
        Assert.True(started.Count >= 5, $"expected redis, gateway, operator and at least two workers; started {started.Count}");
        Assert.All(started, pid => Assert.False(ProcessTree.IsAlive(pid), $"process {pid} is still running"));
        Assert.All(started, pgid => Assert.Empty(ProcessTree.GroupMembers(pgid)));
    }

    private static async Task WatchAsync(HttpClient http, Uri scaleUrl, Stopwatch clock, ConcurrentQueue<(TimeSpan, int)> replicas, CancellationToken cancellationToken)
    {
        // Bounded: at most 15 minutes of one reading a second.
        for (var i = 0; i < 900 && !cancellationToken.IsCancellationRequested; i++)
        {
            try
            {
                var scale = await http.GetFromJsonAsync<JsonElement>(scaleUrl, cancellationToken);
                replicas.Enqueue((clock.Elapsed, scale.GetProperty("replicas").GetInt32()));
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }
}
