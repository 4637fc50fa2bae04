using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Gateway.Auth;
using Platform.Jobs;
using Platform.Llm;
using Platform.Redis;

namespace Platform.Gateway.Limits;

/// <summary>
/// The exact-match response cache: completions keyed by the SHA-256 of the request as the worker would run
/// it (scoped to the key or tenant), stored in Redis with a time to live, so every replica shares it.
/// </summary>
internal sealed class ResponseCache(RedisConnection redis, IOptions<GatewayOptions> options, IOptions<JobQueueOptions> queueOptions)
{
    private readonly ResponseCacheOptions _options = options.Value.Cache;
    private readonly string _prefix = queueOptions.Value.KeyPrefix;

    /// <summary>Whether this request should use the cache: the configured default, or the request's own say.</summary>
    public bool Applies(HttpRequest request, ChatCompletionRequest body)
    {
        if (body.IsStreaming)
        {
            return false;
        }

        var optIn = request.Headers["x-platform-cache"].ToString();
        if (optIn.Equals("off", StringComparison.OrdinalIgnoreCase) || request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return _options.Enabled || optIn.Equals("on", StringComparison.OrdinalIgnoreCase);
    }

    public string KeyFor(ApiKeyIdentity identity, ChatCompletionRequest body)
    {
        var scope = _options.Scope == CacheScope.Tenant ? "t:" + identity.Tenant : "k:" + identity.KeyId;
        var canonical = JsonSerializer.SerializeToUtf8Bytes(body, LlmJsonContext.Default.ChatCompletionRequest);
        return $"{_prefix}:cache:{scope}:{Convert.ToHexStringLower(SHA256.HashData(canonical))}";
    }

    public async Task<ReadOnlyMemory<byte>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var reply = await redis.ExecuteAsync("GET", [key], cancellationToken);
        // Spelled out: `cond ? null : memory` would type as ReadOnlyMemory<byte> and turn null into an empty hit.
        return reply.IsNull ? (ReadOnlyMemory<byte>?)null : reply.AsMemory();
    }

    public Task SetAsync(string key, ReadOnlyMemory<byte> completion, CancellationToken cancellationToken) =>
        redis.ExecuteAsync("SET", [key, completion, "PX", (long)_options.TimeToLive.TotalMilliseconds], cancellationToken);
}
