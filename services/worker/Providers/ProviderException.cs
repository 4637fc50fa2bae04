using System.Net;
using Platform.Llm;

namespace Platform.Worker.Providers;

/// <summary>A failure a provider reported, classified for retries and for the client.</summary>
internal sealed class ProviderException : Exception
{
    public ProviderException(string message, string code, bool retryable, HttpStatusCode? status = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
        Retryable = retryable;
        Status = status;
        RetryAfter = retryAfter;
    }

    public ProviderException()
        : this("Provider failure.", LlmErrorCodes.ServerError, retryable: true)
    {
    }

    public ProviderException(string message)
        : this(message, LlmErrorCodes.ServerError, retryable: true)
    {
    }

    public ProviderException(string message, Exception innerException)
        : this(message, LlmErrorCodes.ServerError, retryable: true, innerException: innerException)
    {
    }

    /// <summary>One of <see cref="LlmErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>Whether another attempt could succeed.</summary>
    public bool Retryable { get; }

    /// <summary>The HTTP status the provider answered, if any.</summary>
    public HttpStatusCode? Status { get; }

    /// <summary>The delay the provider asked for.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Classifies an HTTP error answer: 400 (context_length_exceeded by its OpenAI code), 401/403, 404 and
    /// 429 insufficient_quota fail at once; 408, 409, 429 and 5xx may be retried.
    /// </summary>
    public static ProviderException FromHttp(HttpStatusCode status, string? errorCode, string? message, TimeSpan? retryAfter)
    {
        var (code, retryable) = ((int)status, errorCode) switch
        {
            (_, "context_length_exceeded") => (LlmErrorCodes.ContextLengthExceeded, false),
            (_, "insufficient_quota") => (LlmErrorCodes.InsufficientQuota, false),
            (401 or 403, _) => (LlmErrorCodes.ProviderAuthentication, false),
            (404, _) => (LlmErrorCodes.ModelNotFound, false),
            (408, _) => (LlmErrorCodes.Timeout, true),
            (409, _) => (LlmErrorCodes.ServerError, true),
            (429, _) => (LlmErrorCodes.RateLimited, true),
            (502 or 503 or 504, _) => (LlmErrorCodes.Unavailable, true),
            ( >= 500, _) => (LlmErrorCodes.ServerError, true),
            _ => (LlmErrorCodes.InvalidRequest, false),
        };
        var text = string.IsNullOrWhiteSpace(message) ? $"The provider answered {(int)status}." : $"The provider answered {(int)status}: {message}";
        return new ProviderException(text, code, retryable, status, retryAfter);
    }
}
