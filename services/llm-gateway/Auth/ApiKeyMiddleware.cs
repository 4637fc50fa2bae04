using Microsoft.Extensions.Primitives;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Auth;

/// <summary>
/// Authenticates every request under <c>/v1</c> before routing, so that no route (nor a 404 for a missing one)
/// answers without a valid key. Failures are OpenAI error objects with status 401.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, GatewayMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var presented = ReadKey(context.Request);
        if (presented is null)
        {
            metrics.AuthenticationFailed("missing");
            await OpenAIErrors.Write(context, OpenAIErrors.MissingApiKey());
            return;
        }

        var identity = keys.Find(presented);
        if (identity is null)
        {
            metrics.AuthenticationFailed("invalid");
            await OpenAIErrors.Write(context, OpenAIErrors.InvalidApiKey());
            return;
        }

        context.Features.Set(identity);
        await next(context);
    }

    private static string? ReadKey(HttpRequest request)
    {
        // OpenAI SDKs send "Authorization: Bearer KEY"; Azure-style clients send "api-key: KEY".
        if (request.Headers.Authorization is { Count: 1 } authorization)
        {
            var value = authorization.ToString();
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && value.Length > 7)
            {
                var key = value[7..].Trim();
                return key.Length > 0 && key.Length <= 512 ? key : null;
            }

            return null;
        }

        return request.Headers.TryGetValue("api-key", out StringValues apiKey) && apiKey.Count == 1 && apiKey[0] is { Length: > 0 and <= 512 } k
            ? k
            : null;
    }
}
