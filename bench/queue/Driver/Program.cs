using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Redis;

// Usage: Platform.Bench.QueueDriver direct|gateway REDIS PREFIX JOBS WARMUP PAYLOAD_FILE IN_FLIGHT TIMEOUT_SECONDS [GATEWAY_URL API_KEY]
//   direct:  PAYLOAD_FILE is an LlmJob (what the gateway puts on the queue), enqueued with JobQueue.EnqueueAsync.
//   gateway: PAYLOAD_FILE is a chat completion request, sent as POST {GATEWAY_URL}/v1/jobs.
// WARMUP jobs go first and are waited for (not timed); then JOBS are enqueued with IN_FLIGHT at once, and the
// run ends when the queue's `completed` counter has grown by JOBS (read every 10 ms) or at the timeout.
if (args.Length < 8)
{
    Console.Error.WriteLine("usage: Platform.Bench.QueueDriver direct|gateway REDIS PREFIX JOBS WARMUP PAYLOAD_FILE IN_FLIGHT TIMEOUT_SECONDS [GATEWAY_URL API_KEY]");
    return 2;
}

var mode = args[0];
var jobs = int.Parse(args[3], CultureInfo.InvariantCulture);
var warmup = int.Parse(args[4], CultureInfo.InvariantCulture);
var payload = await File.ReadAllBytesAsync(args[5]);
var inFlight = int.Parse(args[6], CultureInfo.InvariantCulture);
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(double.Parse(args[7], CultureInfo.InvariantCulture)));
var gateway = mode == "gateway" ? new Uri(new Uri(args[8]), "/v1/jobs") : null;

await using var redis = await RedisConnection.ConnectAsync(args[1], cancellationToken: timeout.Token);
var queue = new JobQueue(redis, Options.Create(new JobQueueOptions { KeyPrefix = args[2] }));
await queue.EnsureCreatedAsync(timeout.Token);

using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = inFlight, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
if (gateway is not null)
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[9]);
}

var rejected = 0;
var runId = Guid.NewGuid().ToString("N")[..8];

async Task EnqueueAsync(string jobId, CancellationToken cancellationToken)
{
    if (gateway is null)
    {
        var result = await queue.EnqueueAsync(new EnqueueRequest { JobId = jobId, Payload = payload, Tenant = "bench", Model = "sim-small" }, cancellationToken);
        if (!result.Accepted)
        {
            Interlocked.Increment(ref rejected);
        }

        return;
    }

    using var content = new ByteArrayContent(payload);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
    using var response = await http.PostAsync(gateway, content, cancellationToken);
    if ((int)response.StatusCode != 202)
    {
        Interlocked.Increment(ref rejected);
    }
}

// Runs `count` enqueues with `inFlight` at once; returns when all were acknowledged.
async Task EnqueueManyAsync(string prefix, int count, CancellationToken cancellationToken)
{
    var next = -1;
    var lanes = Enumerable.Range(0, Math.Min(inFlight, Math.Max(1, count))).Select(async _ =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await EnqueueAsync(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}"), cancellationToken);
        }
    });
    await Task.WhenAll(lanes);
}

// Waits until the completed counter reaches `target` (or the timeout); returns the reading.
async Task<QueueStatistics> WaitForCompletedAsync(long target, CancellationToken cancellationToken)
{
    while (true)
    {
        var statistics = await queue.GetStatisticsAsync(cancellationToken);
        if (statistics.Completed + statistics.Failed + statistics.DeadLettered >= target || cancellationToken.IsCancellationRequested)
        {
            return statistics;
        }

        await Task.Delay(10, cancellationToken);
    }
}

try
{
    var start = await queue.GetStatisticsAsync(timeout.Token);
    if (warmup > 0)
    {
        await EnqueueManyAsync($"job_w{runId}_", warmup, timeout.Token);
        start = await WaitForCompletedAsync(start.Completed + start.Failed + start.DeadLettered + warmup, timeout.Token);
    }

    var baseline = start.Completed + start.Failed + start.DeadLettered;
    var clock = Stopwatch.StartNew();
    var done = WaitForCompletedAsync(baseline + jobs, timeout.Token);
    await EnqueueManyAsync($"job_m{runId}_", jobs, timeout.Token);
    var enqueueSeconds = clock.Elapsed.TotalSeconds;
    var end = await done;
    var totalSeconds = clock.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"mode={mode} jobs={jobs} rejected={rejected} completed={end.Completed - start.Completed} failed={end.Failed - start.Failed} dead_lettered={end.DeadLettered - start.DeadLettered} retried={end.Retried - start.Retried} " +
        $"enqueue_seconds={enqueueSeconds:F3} enqueue_per_sec={jobs / enqueueSeconds:F0} total_seconds={totalSeconds:F3} jobs_per_sec={jobs / totalSeconds:F0} payload_bytes={payload.Length}"));
    return end.Completed - start.Completed >= jobs ? 0 : 1;
}
catch (OperationCanceledException) when (timeout.IsCancellationRequested)
{
    Console.WriteLine($"mode={mode} timeout: the run did not finish in {args[7]} s");
    return 1;
}
