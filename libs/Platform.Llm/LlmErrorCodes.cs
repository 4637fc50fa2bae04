namespace Platform.Llm;

/// <summary>
/// Codes a worker uses in <c>JobError.Code</c>. The gateway maps them to HTTP statuses and OpenAI error types.
/// </summary>
public static class LlmErrorCodes
{
    /// <summary>The provider refused the request as malformed (400). Not retryable.</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>The prompt does not fit the model's context (400). Not retryable.</summary>
    public const string ContextLengthExceeded = "context_length_exceeded";

    /// <summary>The provider rejected the platform's credentials (401/403). Not retryable.</summary>
    public const string ProviderAuthentication = "provider_authentication";

    /// <summary>The model does not exist at the provider (404). Not retryable.</summary>
    public const string ModelNotFound = "model_not_found";

    /// <summary>The provider's quota is exhausted. Not retryable.</summary>
    public const string InsufficientQuota = "insufficient_quota";

    /// <summary>The provider rate-limited the request (429). Retryable.</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The provider failed (5xx). Retryable.</summary>
    public const string ServerError = "server_error";

    /// <summary>The provider did not answer in time. Retryable.</summary>
    public const string Timeout = "timeout";

    /// <summary>The circuit breaker is open and no fallback could serve. Retryable.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The client cancelled the job.</summary>
    public const string Cancelled = "cancelled";
}
