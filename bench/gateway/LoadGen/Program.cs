using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Platform.Bench.LoadGen;

// Usage: Platform.Bench.LoadGen URL RATE SECONDS WARMUP_SECONDS CONNECTIONS BODY_FILE [BEARER_KEY]
// Sends POST requests at RATE per second for WARMUP_SECONDS (not recorded) then SECONDS (recorded). Each
// request's latency is measured from the moment it was due, not from when it was sent, so a stalled server
// cannot hide its stall by slowing the generator down (coordinated omission). Bounded: at most RATE × the
// total seconds requests, at most MaxInFlight at once (the rest counted as dropped), and a hard deadline.
if (args.Length < 6)
{
    Console.Error.WriteLine("usage: Platform.Bench.LoadGen URL RATE SECONDS WARMUP_SECONDS CONNECTIONS BODY_FILE [BEARER_KEY]");
    return 2;
}

var url = new Uri(args[0]);
var rate = double.Parse(args[1], CultureInfo.InvariantCulture);
var seconds = double.Parse(args[2], CultureInfo.InvariantCulture);
var warmup = double.Parse(args[3], CultureInfo.InvariantCulture);
var connections = int.Parse(args[4], CultureInfo.InvariantCulture);
var body = await File.ReadAllBytesAsync(args[5]);
var key = args.Length > 6 ? args[6] : null;
const int MaxInFlight = 2_000;

using var handler = new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseProxy = false,
    AutomaticDecompression = System.Net.DecompressionMethods.None,
};
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };

var total = (int)Math.Ceiling(rate * (seconds + warmup));
var recorded = new LatencyRecorder((int)Math.Ceiling(rate * seconds) + 16);
var inFlight = 0;
var dropped = 0;
var errors = 0;
var statuses = new int[600];
var pending = new List<Task>(total);
var clock = Stopwatch.StartNew();
var warmupTicks = (long)(warmup * Stopwatch.Frequency);
var deadline = TimeSpan.FromSeconds(seconds + warmup + 35);
var clockStart = Stopwatch.GetTimestamp();

async Task SendAsync(long dueTicks)
{
    try
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body), Version = new Version(1, 1) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var elapsed = Stopwatch.GetTimestamp() - dueTicks;
        Interlocked.Increment(ref statuses[Math.Clamp((int)response.StatusCode, 0, 599)]);
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref errors);
        }
        else if (dueTicks - clockStart >= warmupTicks)
        {
            recorded.Add(elapsed * 1000.0 / Stopwatch.Frequency);
        }
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        Interlocked.Increment(ref errors);
    }
    finally
    {
        Interlocked.Decrement(ref inFlight);
    }
}

var sent = 0;
var ticksPerRequest = Stopwatch.Frequency / rate;
while (sent < total && clock.Elapsed < deadline)
{
    var now = Stopwatch.GetTimestamp();
    var due = (int)Math.Min(total, (now - clockStart) / ticksPerRequest + 1);
    for (; sent < due; sent++)
    {
        var dueTicks = clockStart + (long)(sent * ticksPerRequest);
        if (Volatile.Read(ref inFlight) >= MaxInFlight)
        {
            dropped++;
            continue;
        }

        Interlocked.Increment(ref inFlight);
        pending.Add(Task.Run(() => SendAsync(dueTicks)));
    }

    // Sleep until the next request is due (Linux timers resolve to about a millisecond).
    var next = clockStart + (long)(sent * ticksPerRequest);
    var wait = (next - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
    if (wait >= 1)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(wait - 0.5));
    }
    else if (wait > 0)
    {
        Thread.Yield();
    }
}

var sendSeconds = clock.Elapsed.TotalSeconds;
var remaining = deadline - clock.Elapsed;
await Task.WhenAny(Task.WhenAll(pending), Task.Delay(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero));

var summary = recorded.Summarize();
var statusText = string.Join(",", statuses.Select((count, code) => (count, code)).Where(s => s.count > 0).Select(s => $"{s.code}:{s.count}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"sent={sent} recorded={summary.Count} errors={errors} dropped={dropped} statuses={statusText} send_seconds={sendSeconds:F2} achieved_rate={sent / sendSeconds:F0} " +
    $"p50_ms={summary.P50:F3} p90_ms={summary.P90:F3} p99_ms={summary.P99:F3} p999_ms={summary.P999:F3} max_ms={summary.Max:F3} mean_ms={summary.Mean:F3}"));
Console.WriteLine(recorded.Histogram());
return 0;
