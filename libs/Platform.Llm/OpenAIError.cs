using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>The OpenAI error object: <c>{"error":{"message","type","param","code"}}</c>.</summary>
public sealed record OpenAIError
{
    /// <summary>What went wrong, for people.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    /// <summary><c>invalid_request_error</c>, <c>authentication_error</c>, <c>permission_error</c>, <c>not_found_error</c>,
    /// <c>rate_limit_error</c>, <c>server_error</c>, ...</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The request field at fault, if one is.</summary>
    [JsonPropertyName("param")]
    public string? Param { get; init; }

    /// <summary>A machine-readable code (<c>rate_limit_exceeded</c>, <c>invalid_api_key</c>, ...).</summary>
    [JsonPropertyName("code")]
    public string? Code { get; init; }
}
