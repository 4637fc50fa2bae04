using Microsoft.AspNetCore.Diagnostics;
using Platform.Llm;

namespace Platform.Gateway.Infrastructure;

/// <summary>The errors the gateway answers, in the OpenAI API's words and types.</summary>
internal static class OpenAIErrors
{
    private const string InvalidRequest = "invalid_request_error";

    public static Task Write(HttpContext context, OpenAIErrorResult error) => error.ExecuteAsync(context);

    public static OpenAIErrorResult MissingApiKey() => new(401, new OpenAIError
    {
        Message = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        Type = InvalidRequest,
        Code = "missing_api_key",
    });

    public static OpenAIErrorResult InvalidApiKey() => new(401, new OpenAIError
    {
        Message = "Incorrect API key provided. You can find your API keys with your platform administrator.",
        Type = InvalidRequest,
        Code = "invalid_api_key",
    });

    public static OpenAIErrorResult ModelNotAllowed(string model) => new(403, new OpenAIError
    {
        Message = $"Your API key may not use the model '{model}'.",
        Type = "permission_error",
        Param = "model",
        Code = "model_not_allowed",
    });

    public static OpenAIErrorResult ModelNotFound(string model) => new(404, new OpenAIError
    {
        Message = $"The model '{model}' does not exist or you do not have access to it.",
        Type = InvalidRequest,
        Param = "model",
        Code = "model_not_found",
    });

    public static OpenAIErrorResult Invalid(string message, string? param, string? code = null) => new(400, new OpenAIError
    {
        Message = message,
        Type = InvalidRequest,
        Param = param,
        Code = code,
    });

    public static OpenAIErrorResult InvalidJson(string detail) => Invalid(
        $"We could not parse the JSON body of your request. ({detail}) The OpenAI API expects a JSON payload.",
        null,
        "invalid_json");

    public static OpenAIErrorResult TooLarge(long limit) => new(413, new OpenAIError
    {
        Message = $"The request body is larger than the limit of {limit} bytes.",
        Type = InvalidRequest,
        Code = "request_too_large",
    });

    public static OpenAIErrorResult UnsupportedMediaType() => new(415, new OpenAIError
    {
        Message = "The request body must be JSON (Content-Type: application/json).",
        Type = InvalidRequest,
        Code = "unsupported_media_type",
    });

    public static OpenAIErrorResult RateLimited(string limit, int perMinute, TimeSpan retryAfter) => new(429, new OpenAIError
    {
        Message = $"Rate limit reached for {limit} per minute: limit {perMinute}. Please try again in {Math.Ceiling(retryAfter.TotalSeconds)}s.",
        Type = "tokens" == limit ? "tokens" : "requests",
        Code = "rate_limit_exceeded",
    }, retryAfter);

    public static OpenAIErrorResult RequestTooLargeForLimit(long tokens, int perMinute) => new(429, new OpenAIError
    {
        Message = $"Request too large: it needs about {tokens} tokens, above your limit of {perMinute} tokens per minute. Reduce the messages or max_tokens.",
        Type = "tokens",
        Code = "rate_limit_exceeded",
    }, retryAfter: null, shouldRetry: false);

    public static OpenAIErrorResult Overloaded(int statusCode, TimeSpan retryAfter) => new(statusCode, new OpenAIError
    {
        Message = "The platform is receiving more requests than its workers can take right now. Please retry after a short wait.",
        Type = statusCode == 429 ? "rate_limit_error" : "server_error",
        Code = "queue_full",
    }, retryAfter);

    public static OpenAIErrorResult Unavailable(TimeSpan retryAfter) => new(503, new OpenAIError
    {
        Message = "The job queue is unreachable right now. Please retry after a short wait.",
        Type = "server_error",
        Code = "service_unavailable",
    }, retryAfter);

    /// <summary>What OpenAI answers for a path (or a method on it) it does not serve.</summary>
    public static OpenAIErrorResult UnknownUrl(int statusCode, string method, string path) => new(statusCode, new OpenAIError
    {
        // The path is the client's own text: shortened, and JSON-encoded like every message.
        Message = $"Invalid URL ({method} {(path.Length > 200 ? path[..200] + "..." : path)})",
        Type = InvalidRequest,
        Code = statusCode == 405 ? "method_not_allowed" : "unknown_url",
    });

    /// <summary>
    /// Gives the empty 404 and 405 that routing answers under <c>/v1</c> an OpenAI error body, so that SDKs show a
    /// message instead of failing to parse (used with <c>UseStatusCodePages</c>).
    /// </summary>
    public static Task WriteForEmptyStatus(StatusCodeContext context)
    {
        var http = context.HttpContext;
        return http.Response.StatusCode is 404 or 405 && http.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase)
            ? Write(http, UnknownUrl(http.Response.StatusCode, http.Request.Method, http.Request.Path.ToString()))
            : Task.CompletedTask;
    }

    public static OpenAIErrorResult IdempotencyConflict() => new(409, new OpenAIError
    {
        Message = "This Idempotency-Key was already used with a different request body. Use a new key for a new request.",
        Type = InvalidRequest,
        Param = "Idempotency-Key",
        Code = "idempotency_key_conflict",
    });

    public static OpenAIErrorResult JobNotFound(string id) => new(404, new OpenAIError
    {
        Message = $"No job found with id '{id}'.",
        Type = InvalidRequest,
        Param = "job_id",
        Code = "job_not_found",
    });

    public static OpenAIErrorResult JobAlreadyFinished(string id) => new(409, new OpenAIError
    {
        Message = $"The job '{id}' has already finished and cannot be cancelled.",
        Type = InvalidRequest,
        Param = "job_id",
        Code = "job_already_finished",
    });

    public static OpenAIErrorResult SyncTimeout(string jobId, TimeSpan waited) => new(504, new OpenAIError
    {
        Message = $"No worker finished the request within {waited.TotalSeconds:0} s. It goes on as job '{jobId}': poll GET /v1/jobs/{jobId} for its result.",
        Type = "timeout",
        Code = "timeout",
    });

    /// <summary>How a job's failure reads to the client who waited for it.</summary>
    public static OpenAIErrorResult JobFailed(string code, string message, bool deadLettered)
    {
        // The worker's codes (LlmErrorCodes) map to what OpenAI would have answered the client itself.
        return code switch
        {
            LlmErrorCodes.InvalidRequest => Invalid(message, null, "invalid_request"),
            LlmErrorCodes.ContextLengthExceeded => Invalid(message, "messages", "context_length_exceeded"),
            LlmErrorCodes.ModelNotFound => new(404, new OpenAIError { Message = message, Type = InvalidRequest, Param = "model", Code = "model_not_found" }),
            LlmErrorCodes.InsufficientQuota => new(429, new OpenAIError { Message = message, Type = "insufficient_quota", Code = "insufficient_quota" }),
            LlmErrorCodes.Cancelled => new(499, new OpenAIError { Message = "The request was cancelled.", Type = InvalidRequest, Code = "cancelled" }),
            LlmErrorCodes.Timeout => new(504, new OpenAIError { Message = message, Type = "timeout", Code = "upstream_timeout" }),
            _ => new(deadLettered ? 503 : 502, new OpenAIError
            {
                Message = deadLettered
                    ? $"The upstream provider kept failing; the request was given up after every attempt. Last error: {message}"
                    : message,
                Type = "server_error",
                Code = code,
            }, deadLettered ? TimeSpan.FromSeconds(5) : null),
        };
    }
}
