using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Platform.Llm;

namespace Platform.Worker.Providers;

/// <summary>
/// Any OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, LiteLLM, ...): <c>POST {base}/chat/completions</c>,
/// whole or streamed as server-sent events, with usage taken from the response.
/// </summary>
internal sealed class OpenAIProvider : ILlmProvider, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly string? _apiKey;
    private readonly TimeProvider _timeProvider;

    public OpenAIProvider(Uri baseUrl, string? apiKey, TimeProvider timeProvider, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var text = baseUrl.ToString();
        _endpoint = new Uri(text.EndsWith('/') ? text + "chat/completions" : text + "/chat/completions");
        _apiKey = apiKey;
        _timeProvider = timeProvider;
        // Timeouts belong to the resilience pipeline (attempt, time to first token, idle), not to HttpClient.
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<ProviderCompletion> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken)
    {
        var body = request.Request with { Model = request.UpstreamModel, Stream = null, StreamOptions = null };
        using var message = CreateMessage(body);
        using var response = await SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        ChatCompletion? completion;
        try
        {
            completion = await JsonSerializer.DeserializeAsync(content, LlmJsonContext.Default.ChatCompletion, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ProviderException("The provider answered with a malformed completion.", LlmErrorCodes.ServerError, retryable: true, innerException: ex);
        }

        if (completion is null)
        {
            throw new ProviderException("The provider answered with an empty body.", LlmErrorCodes.ServerError, retryable: true);
        }

        return new ProviderCompletion
        {
            Model = completion.Model,
            Choices = completion.Choices,
            Usage = completion.Usage ?? Usage.Of(0, 0),
        };
    }

    public async IAsyncEnumerable<ProviderChunk> StreamAsync(ProviderRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var body = request.Request with
        {
            Model = request.UpstreamModel,
            Stream = true,
            StreamOptions = new StreamOptions { IncludeUsage = true },
        };
        using var message = CreateMessage(body);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var content = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(content, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            // SSE: only data lines carry payloads; comments (":"), event names and blank separators are skipped.
            if (!line.StartsWith("data:", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line.AsMemory(5).Trim();
            if (data.Span.SequenceEqual("[DONE]"))
            {
                yield break;
            }

            foreach (var chunk in ParseEvent(data.ToString()))
            {
                yield return chunk;
            }
        }

        throw new ProviderException("The provider's stream ended without [DONE].", LlmErrorCodes.ServerError, retryable: true);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Turns one SSE data payload into chunks; an error event becomes a <see cref="ProviderException"/>.</summary>
    internal static IReadOnlyList<ProviderChunk> ParseEvent(string data)
    {
        using var document = ParseJson(data);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            var exception = ProviderException.FromHttp(HttpStatusCode.InternalServerError, code, text, null);
            throw code is "context_length_exceeded" or "insufficient_quota" or "invalid_request_error"
                ? exception
                : new ProviderException(exception.Message, LlmErrorCodes.ServerError, retryable: true);
        }

        var chunk = root.Deserialize(LlmJsonContext.Default.ChatCompletionChunk)
            ?? throw new ProviderException("The provider sent an empty chunk.", LlmErrorCodes.ServerError, retryable: true);
        var pieces = new List<ProviderChunk>(chunk.Choices.Count + 1);
        foreach (var choice in chunk.Choices)
        {
            if (choice.Delta.Content is not null || choice.FinishReason is not null)
            {
                pieces.Add(new ProviderChunk { Index = choice.Index, Content = choice.Delta.Content, FinishReason = choice.FinishReason });
            }
        }

        if (chunk.Usage is { } usage)
        {
            pieces.Add(new ProviderChunk { Usage = usage });
        }

        return pieces;
    }

    private static JsonDocument ParseJson(string data)
    {
        try
        {
            return JsonDocument.Parse(data);
        }
        catch (JsonException ex)
        {
            throw new ProviderException("The provider sent a malformed stream event.", LlmErrorCodes.ServerError, retryable: true, innerException: ex);
        }
    }

    private HttpRequestMessage CreateMessage(ChatCompletionRequest body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, LlmJsonContext.Default.ChatCompletionRequest)),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(_apiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        }

        return message;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, completion, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ProviderException("The provider could not be reached.", LlmErrorCodes.Unavailable, retryable: true, innerException: ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var retryAfter = RetryAfterHeader.Parse(response.Headers, _timeProvider.GetUtcNow());
            string? code = null, text = null;
            try
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                {
                    code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
                    text = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                }
            }
            catch (JsonException)
            {
                // Not every proxy answers errors in OpenAI's shape; the status alone classifies the error.
            }

            throw ProviderException.FromHttp(response.StatusCode, code, text, retryAfter);
        }
    }
}
