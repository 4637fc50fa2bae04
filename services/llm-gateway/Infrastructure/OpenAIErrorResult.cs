using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Platform.Llm;

namespace Platform.Gateway.Infrastructure;

/// <summary>
/// An error answered the way the OpenAI API answers it: the status, <c>{"error":{...}}</c>, <c>Retry-After</c>
/// when waiting helps, and <c>x-should-retry</c> so that the official SDKs retry only what can succeed.
/// </summary>
internal sealed class OpenAIErrorResult(int statusCode, OpenAIError error, TimeSpan? retryAfter = null, bool? shouldRetry = null) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public OpenAIError Error { get; } = error;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Rate limits, overload and timeouts pass with time; malformed or forbidden requests do not.</summary>
    public bool ShouldRetry => shouldRetry ?? (StatusCode is 408 or 429 or >= 500 && Error.Code is not "insufficient_quota");

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = "application/json";
        response.Headers["x-should-retry"] = ShouldRetry ? "true" : "false";
        if (RetryAfter is { } delay)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = ((long)Math.Ceiling(delay.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        }

        await JsonSerializer.SerializeAsync(response.Body, new OpenAIErrorResponse(Error), LlmJsonContext.Default.OpenAIErrorResponse, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(400, typeof(OpenAIErrorResponse), ["application/json"]));
    }
}
