using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.SystemTests.Infrastructure;

/// <summary>The gateway's HTTP API as a client sees it: submit and poll jobs, chat completions.</summary>
internal sealed class GatewayClient : IDisposable
{
    private static readonly string[] FinalStatuses = ["succeeded", "failed", "dead_lettered", "cancelled"];

    public GatewayClient(Uri baseAddress, string apiKey)
    {
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, UseProxy = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
    }

    /// <summary>The underlying client (base address and API key set).</summary>
    public HttpClient Http { get; }

    /// <inheritdoc />
    public void Dispose() => Http.Dispose();

    /// <summary>A chat request body.</summary>
    public static JsonObject ChatBody(string model, string prompt, int maxTokens, bool stream = false)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
            ["max_tokens"] = maxTokens,
        };
        if (stream)
        {
            body["stream"] = true;
            body["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return body;
    }

    /// <summary>POSTs a JSON body with extra headers (e.g. <c>traceparent</c>); the caller disposes the response.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, JsonNode body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken, string? apiKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return SendAndDisposeRequestAsync(request, cancellationToken);
    }

    /// <summary>POSTs <c>/v1/jobs</c>; asserts 202 and returns the job id.</summary>
    public async Task<string> SubmitJobAsync(string model, string prompt, int maxTokens, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync("v1/jobs", ChatBody(model, prompt, maxTokens), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /v1/jobs answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>POSTs <c>/v1/jobs</c> with extra headers; asserts 202 and returns the job id.</summary>
    public async Task<string> SubmitJobAsync(JsonNode body, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var response = await PostAsync("v1/jobs", body, headers, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /v1/jobs answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Submits <paramref name="count"/> jobs, <paramref name="parallelism"/> at a time; returns their ids in order.</summary>
    public async Task<string[]> SubmitJobsAsync(int count, string model, int maxTokens, int parallelism, CancellationToken cancellationToken)
    {
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (i, ct) => ids[i] = await SubmitJobAsync(model, "Tell me about queues, number " + i, maxTokens, ct));
        return ids;
    }

    private async Task<HttpResponseMessage> SendAndDisposeRequestAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await Http.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>GETs <c>/v1/jobs/{id}</c>; asserts 200.</summary>
    public async Task<JsonElement> GetJobAsync(string id, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync("v1/jobs/" + id, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /v1/jobs/{id} answered {(int)response.StatusCode}: {text}");
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>
    /// Polls every job until it reached a final status (succeeded, failed, dead_lettered, cancelled) and returns
    /// the final bodies; throws <see cref="TimeoutException"/> naming how many did not finish in time.
    /// </summary>
    public async Task<Dictionary<string, JsonElement>> WaitForJobsAsync(IReadOnlyCollection<string> ids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var final = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var open = ids.ToList();
        var deadline = DateTime.UtcNow + timeout;
        while (open.Count > 0)
        {
            var bodies = new JsonElement[open.Count];
            await Parallel.ForAsync(0, open.Count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken },
                async (i, ct) => bodies[i] = await GetJobAsync(open[i], ct));
            for (var i = 0; i < open.Count; i++)
            {
                if (FinalStatuses.Contains(bodies[i].GetProperty("status").GetString()))
                {
                    final[open[i]] = bodies[i];
                }
            }

            open.RemoveAll(final.ContainsKey);
            if (open.Count == 0)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                var example = bodies.FirstOrDefault(b => !FinalStatuses.Contains(b.GetProperty("status").GetString()));
                throw new TimeoutException($"{open.Count} of {ids.Count} jobs did not finish within {timeout}; e.g. {example}");
            }

            await Task.Delay(200, cancellationToken);
        }

        return final;
    }
}
