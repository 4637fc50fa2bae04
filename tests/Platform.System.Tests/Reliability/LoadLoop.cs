using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.SystemTests.Infrastructure;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Sends requests to the gateway from a few loops (closed loop) or at a fixed rate (open loop) until stopped, and
/// records every outcome. A request that gets no answer within the client timeout is recorded with status 0:
/// a hang shows up, it does not stall the test.
/// </summary>
internal sealed class LoadLoop : IDisposable
{
    private readonly HttpClient _http;
    private readonly Stopwatch _clock;

    public LoadLoop(Uri gateway, string apiKey, Stopwatch clock, TimeSpan clientTimeout)
    {
        _clock = clock;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, UseProxy = false })
        {
            BaseAddress = gateway,
            Timeout = clientTimeout,
        };
        _http.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
    }

    /// <summary>Every outcome so far.</summary>
    public ConcurrentQueue<Submission> Submissions { get; } = new();

    public void Dispose() => _http.Dispose();

    /// <summary><paramref name="loops"/> loops, each sending the next request <paramref name="pause"/> after the last one answered, until <paramref name="stop"/>.</summary>
    public Task RunClosedAsync(string path, int loops, TimeSpan pause, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, loops).Select(async loop =>
        {
            for (var i = 0; i < 1_000_000 && !stop.IsCancellationRequested; i++)
            {
                // Not the stop token: a request sent is always recorded, answered or timed out.
                await SendAsync(path, $"loop {loop} request {i}", CancellationToken.None);
                await Task.Delay(pause, CancellationToken.None);
            }
        }));

    /// <summary>Starts <paramref name="perSecond"/> requests a second whatever the answers, at most <paramref name="maxInFlight"/> open, for <paramref name="duration"/>.</summary>
    public async Task RunOpenAsync(Func<int, string> pathFor, double perSecond, TimeSpan duration, int maxInFlight, CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        var start = _clock.Elapsed;
        var total = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = start + TimeSpan.FromSeconds(i / perSecond);
            var wait = due - _clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, cancellationToken);
            }

            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count >= maxInFlight)
            {
                // The client's own bound; recorded so that it shows in the figures.
                Submissions.Enqueue(new Submission { SentAt = _clock.Elapsed.TotalSeconds, Status = -1, Latency = TimeSpan.Zero, Detail = "client in-flight cap" });
                continue;
            }

            // Not the test's token: every request sent is bounded by the client timeout and recorded.
            inFlight.Add(SendAsync(pathFor(i), "open loop request " + i, CancellationToken.None));
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendAsync(string path, string prompt, CancellationToken cancellationToken)
    {
        var sentAt = _clock.Elapsed;
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.PostAsJsonAsync(path, GatewayClient.ChatBody("sim-small", prompt, 4), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            string? id = null;
            string? detail = null;
            if (text.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(text);
                id = json.RootElement.TryGetProperty("id", out var idValue) ? idValue.GetString() : null;
                detail = json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code)
                    ? code.GetString()
                    : null;
            }

            Submissions.Enqueue(new Submission
            {
                SentAt = sentAt.TotalSeconds,
                Status = (int)response.StatusCode,
                Latency = Stopwatch.GetElapsedTime(started),
                JobId = (int)response.StatusCode == 202 ? id : null,
                RetryAfter = response.Headers.RetryAfter?.ToString(),
                Detail = detail ?? (text.Length > 200 ? text[..200] : text),
            });
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            Submissions.Enqueue(new Submission { SentAt = sentAt.TotalSeconds, Status = 0, Latency = Stopwatch.GetElapsedTime(started), Detail = ex.GetType().Name + ": " + ex.Message });
        }
    }
}
