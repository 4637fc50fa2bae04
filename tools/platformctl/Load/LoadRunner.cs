using System.Net.Http.Headers;
using System.Text.Json;

namespace Platform.Cli.Load;

/// <summary>
/// Sends planned requests at their offsets from the start (never before; late when <see cref="LoadOptions.MaxInFlight"/>
/// requests are outstanding) and waits for every answer, each bounded by <see cref="LoadOptions.RequestTimeout"/>.
/// </summary>
internal sealed class LoadRunner(HttpClient http, LoadOptions options, TimeProvider timeProvider)
{
    private int _completed;

    /// <summary>Requests answered (or failed) so far.</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>
    /// Replays <paramref name="plan"/>. Cancellation stops sending and cancels outstanding requests; the outcomes of
    /// everything sent are returned either way.
    /// </summary>
    public async Task<IReadOnlyList<RequestOutcome>> RunAsync(IReadOnlyList<PlannedRequest> plan, Action<int>? sent, CancellationToken cancellationToken)
    {
        var start = timeProvider.GetTimestamp();
        using var slots = new SemaphoreSlim(options.MaxInFlight);
        var tasks = new List<Task<RequestOutcome>>(plan.Count);
        try
        {
            foreach (var request in plan)
            {
                var wait = request.Offset - timeProvider.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken);
                }

                await slots.WaitAsync(cancellationToken);
                tasks.Add(SendAsync(request, slots, cancellationToken));
                sent?.Invoke(tasks.Count);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop sending; what was sent is still summarised.
        }

        return await Task.WhenAll(tasks);
    }

    private async Task<RequestOutcome> SendAsync(PlannedRequest request, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Gateway, options.Mode == LoadMode.Jobs ? "v1/jobs" : "v1/chat/completions"))
            {
                Content = new ByteArrayContent(Body(request)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
            };
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            return new RequestOutcome(request.Index, (int)response.StatusCode, null, timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new RequestOutcome(request.Index, null, "cancelled", timeProvider.GetElapsedTime(started));
        }
        catch (OperationCanceledException)
        {
            return new RequestOutcome(request.Index, null, "timeout", timeProvider.GetElapsedTime(started));
        }
        catch (HttpRequestException)
        {
            return new RequestOutcome(request.Index, null, "connection error", timeProvider.GetElapsedTime(started));
        }
        finally
        {
            Interlocked.Increment(ref _completed);
            slots.Release();
        }
    }

    /// <summary>An OpenAI chat completion request: one user message of the trace's size, <c>max_tokens</c> = the trace's output tokens.</summary>
    internal byte[] Body(PlannedRequest request)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", options.Model);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteString("content", PromptText.For(request.Index, request.InputTokens));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteNumber("max_tokens", Math.Clamp(request.OutputTokens, 1, 32_768));
            json.WriteBoolean("stream", false);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
