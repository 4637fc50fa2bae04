using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Operator.Tests.Infrastructure;
using Platform.Otlp.Metrics;
using Platform.Otlp.Model;
using Platform.Testing;

namespace Platform.Operator.Tests.Dashboard;

/// <summary>
/// The live dashboard in real headless Chromium: the operator in local mode with Redis, fed with changing OTLP
/// metrics, queue backlog and worker heartbeats; the page must load without console errors, draw data in its charts
/// and update by itself as the data changes. A screenshot is saved under the test output (screenshots/dashboard.png).
/// </summary>
public sealed class DashboardPageTests
{
    private const string Policy = """
        apiVersion: autoscaling.llmplatform.dev/v1alpha1
        kind: ScalePolicy
        metadata:
          name: llm-worker
        spec:
          targetRef: { name: llm-worker }
          minReplicas: 1
          maxReplicas: 10
          mode: Hybrid
          evaluationInterval: 500ms
          metrics:
            - type: QueueBacklog
              queue: { stream: "llm:jobs", consumerGroup: workers }
              targetPerReplica: 8
          prediction: { horizon: 10s, step: 1s, history: 1m }
        """;

    // Reads what the page shows: per chart series, how many points it drew and its latest value; tiles; table rows.
    private const string ReadPage = """
        (() => {
          const q = s => document.querySelector(s);
          const path = s => { const p = q(s); return p ? { points: +p.getAttribute('data-points'), last: p.getAttribute('data-last') } : { points: 0, last: '' }; };
          const policy = '[data-policy="default/llm-worker"] ';
          return {
            updated: document.body ? document.body.getAttribute('data-updated') : null,
            p95: path('#chart-latency path[data-series=p95]'),
            completed: path('#chart-jobs path[data-series=completed]'),
            failed: path('#chart-jobs path[data-series=failed]'),
            tokens: path('#chart-tokens path[data-series=tokens]'),
            cost: path('#chart-cost path[data-series=cost]'),
            backlog: path(policy + 'path[data-series=metric]'),
            arrival: path(policy + 'path[data-series=arrival]'),
            current: path(policy + 'path[data-series=current]'),
            desired: path(policy + 'path[data-series=desired]'),
            backlogTile: (q('#tile-backlog .value') || {}).textContent || '',
            p95Tile: (q('#tile-p95 .value') || {}).textContent || '',
            workers: document.querySelectorAll('#workers-table tr[data-worker]').length,
            decisions: document.querySelectorAll(policy + '.decisions tr').length - 1,
            reason: (q(policy + '.decisions td.reason') || {}).textContent || '',
          };
        })()
        """;

    [Fact]
    public async Task Dashboard_InChromiumWhileLoadRuns_ShowsChartsThatUpdateWithoutConsoleErrors()
    {
        var chromium = HeadlessChromium.Find();
        Assert.SkipWhen(chromium is null, "Chromium is not installed (apt-get install -y chromium; .ci/run installs it).");
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("operator-dashboard-");
        try
        {
            await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: ct);
            await using var target = await FakeScaleTarget.StartAsync(ct);
            target.Replicas["llm-worker"] = 1;
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "worker.yaml"), Policy, ct);
            await using var host = await OperatorHost.StartAsync(
                [
                    "--local", directory.FullName, "--scale-target", target.BaseAddress.ToString(), "--ConnectionStrings:redis=" + redis.ConnectionString,
                    "--Dashboard:SampleInterval=00:00:00.5", "--Dashboard:History=00:01:00", "--Dashboard:Window=00:00:10",
                ],
                null, ct);
            await using var connection = await redis.ConnectAsync(cancellationToken: ct);
            var queue = new JobQueue(connection, Options.Create(new JobQueueOptions()));
            await queue.EnsureCreatedAsync(ct);
            var load = new Load(host.Services.GetRequiredService<OtlpMetricStore>(), queue);

            // Phase 1: 40 waiting jobs, two workers, fast calls.
            await load.EnqueueAsync(40, ct);
            await load.HeartbeatsAsync(2, ct);
            using var feeding = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var feeder = load.FeedOtlpAsync(feeding.Token);

            await using var browser = await HeadlessChromium.StartAsync(chromium!, ct);
            await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = host.BaseAddress.ToString() }, ct);
            var first = await Eventually.ReturnsAsync(
                () => ReadAsync(browser, ct),
                p => p.P95.Points >= 3 && p.Completed.Points >= 3 && p.Tokens.Points >= 3 && p.Cost.Points >= 3 && p.Backlog.Last == "40"
                     && p.Current.Points >= 2 && p.Workers == 2 && p.Decisions >= 1,
                "the page to draw phase 1", TimeSpan.FromSeconds(40), cancellationToken: ct);
            Assert.NotEmpty(first.Reason);
            Assert.Equal("40", first.BacklogTile);

            // Phase 2: 40 more jobs arrive, a third worker reports, calls get slower and fail more often.
            load.Slow = true;
            await load.EnqueueAsync(40, ct);
            await load.HeartbeatsAsync(3, ct);
            var second = await Eventually.ReturnsAsync(
                () => ReadAsync(browser, ct),
                p => p.Backlog.Last == "80" && p.Workers == 3 && p.BacklogTile == "80" && p.P95.Last != first.P95.Last && p.P95Tile != first.P95Tile
                     && p.Completed.Last != first.Completed.Last && p.Desired.Points > first.Desired.Points && p.Arrival.Points >= 1,
                "the page to show phase 2 by itself", TimeSpan.FromSeconds(40), cancellationToken: ct);
            Assert.True(second.P95.Points >= first.P95.Points);

            await browser.ScreenshotAsync(Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png"), ct);
            await feeding.CancelAsync();
            await feeder;
            Assert.Empty(browser.Errors);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Dashboard_WithoutRedis_ServesPageAndApiThatSayWhatIsMissing()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("operator-dashboard-");
        try
        {
            await using var target = await FakeScaleTarget.StartAsync(ct);
            await using var host = await OperatorHost.StartAsync(["--local", directory.FullName, "--scale-target", target.BaseAddress.ToString()], null, ct);
            using var http = new HttpClient { BaseAddress = host.BaseAddress };

            using var page = await http.GetAsync("/", ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("/dashboard/dashboard.js", await page.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/dashboard.js", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/dashboard/dashboard.css", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/dashboard/secrets.json", ct)).StatusCode);

            var api = await http.GetFromJsonAsync<JsonElement>("/api/dashboard", ct);
            Assert.Equal("local", api.GetProperty("mode").GetString());
            Assert.False(api.GetProperty("redisConfigured").GetBoolean());
            Assert.Equal(JsonValueKind.Null, api.GetProperty("queue").ValueKind);
            Assert.Empty(api.GetProperty("workers").EnumerateArray());
            Assert.Empty(api.GetProperty("policies").EnumerateArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task<PageState> ReadAsync(HeadlessChromium browser, CancellationToken cancellationToken)
    {
        var value = await browser.EvaluateAsync(ReadPage, cancellationToken);
        return value is null ? PageState.Empty : JsonSerializer.Deserialize<PageState>(value.ToJsonString(), JsonSerializerOptions.Web) ?? PageState.Empty;
    }

    private sealed record Series(int Points, string Last)
    {
        public override string ToString() => $"{Points} points, last {Last}";
    }

    private sealed record PageState(
        string? Updated, Series P95, Series Completed, Series Failed, Series Tokens, Series Cost, Series Backlog, Series Arrival, Series Current, Series Desired,
        string BacklogTile, string P95Tile, int Workers, int Decisions, string Reason)
    {
        public static PageState Empty { get; } = new(null, new(0, ""), new(0, ""), new(0, ""), new(0, ""), new(0, ""), new(0, ""), new(0, ""), new(0, ""), new(0, ""), "", "", 0, 0, "");
    }

    /// <summary>Changing telemetry as a worker would export it (cumulative, every 250 ms), plus queue jobs and heartbeats.</summary>
    private sealed class Load(OtlpMetricStore store, JobQueue queue)
    {
        private static readonly double[] Bounds = [0.1, 0.25, 0.5, 1, 2.5, 5, 10];
        private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
        private readonly ulong[] _buckets = new ulong[Bounds.Length + 1];
        private int _jobs;
        private double _completed;
        private double _failed;
        private ulong _tokenCount;
        private double _tokenSum;
        private double _cost;

        public bool Slow { get; set; }

        public async Task EnqueueAsync(int count, CancellationToken cancellationToken)
        {
            for (var i = 0; i < count; i++)
            {
                await queue.EnqueueAsync(new EnqueueRequest { JobId = "job-" + _jobs++, Payload = "{}"u8.ToArray() }, cancellationToken);
            }
        }

        public async Task HeartbeatsAsync(int workers, CancellationToken cancellationToken)
        {
            for (var i = 0; i < workers; i++)
            {
                await queue.PublishHeartbeatAsync(new WorkerHeartbeat
                {
                    WorkerId = "worker-" + i, InFlight = 3 + i, Capacity = 8, Completed = 100 * (i + 1), Failed = i,
                    AverageServiceTime = TimeSpan.FromMilliseconds(400 + 100 * i), StartedAt = _start,
                }, cancellationToken);
            }
        }

        public async Task FeedOtlpAsync(CancellationToken cancellationToken)
        {
            try
            {
                for (var step = 0; step < 1200; step++)
                {
                    Record();
                    await Task.Delay(250, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        }

        private void Record()
        {
            // Fast: calls of 0.1-0.25 s; slow: 1-2.5 s, more failures, more tokens.
            var slow = Slow;
            _buckets[slow ? 4 : 1] += 5;
            _buckets[slow ? 5 : 2] += 1;
            _completed += slow ? 2 : 5;
            _failed += slow ? 1 : 0.2;
            _tokenCount += 10;
            _tokenSum += slow ? 4000 : 1500;
            _cost += slow ? 0.004 : 0.001;
            var now = DateTimeOffset.UtcNow;
            store.Add(
            [
                Histogram("gen_ai.client.operation.duration", now, [.. _buckets], (ulong)_buckets.Sum(b => (long)b)),
                Counter("platform.jobs.completed", now, _completed),
                Counter("platform.jobs.failed", now, _failed),
                new MetricPoint
                {
                    Name = "gen_ai.client.token.usage", Type = MetricPointType.Histogram, Temporality = MetricTemporality.Cumulative, StartTime = _start,
                    Timestamp = now, Count = _tokenCount, Sum = _tokenSum, ExplicitBounds = [100, 1000, 10000], BucketCounts = [0, 0, _tokenCount, 0],
                },
                Counter("platform.llm.cost", now, _cost),
            ]);
        }

        private MetricPoint Histogram(string name, DateTimeOffset now, ulong[] buckets, ulong count) => new()
        {
            Name = name, Type = MetricPointType.Histogram, Temporality = MetricTemporality.Cumulative, StartTime = _start, Timestamp = now,
            Count = count, Sum = count * 0.5, ExplicitBounds = Bounds, BucketCounts = buckets,
        };

        private MetricPoint Counter(string name, DateTimeOffset now, double value) => new()
        {
            Name = name, Type = MetricPointType.Sum, Temporality = MetricTemporality.Cumulative, IsMonotonic = true, StartTime = _start, Timestamp = now, Value = value,
        };
    }
}
