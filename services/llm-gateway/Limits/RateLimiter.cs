using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Gateway.Auth;
using Platform.Jobs;
using Platform.Redis;

namespace Platform.Gateway.Limits;

/// <summary>
/// Per-key requests-per-minute and tokens-per-minute limits as two token buckets in Redis, checked and charged
/// in one script so that they hold across every gateway replica. Buckets refill continuously (limit/60 per
/// second), so a key that used its minute's budget gets capacity back gradually rather than all at once.
/// </summary>
internal sealed class RateLimiter(RedisConnection redis, IOptions<JobQueueOptions> queueOptions)
{
    // Both buckets are checked before either is charged: a refusal costs the caller nothing.
    private static readonly LuaScript Script = new("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local function level(key, limit)
          if limit <= 0 then return 0 end
          local v = redis.call('HMGET', key, 'level', 'ts')
          local l = tonumber(v[1])
          local ts = tonumber(v[2])
          if not l then return limit end
          return math.min(limit, l + math.max(0, now - ts) * limit / 60000)
        end
        local rl, tl = tonumber(ARGV[1]), tonumber(ARGV[2])
        local rc, tc = tonumber(ARGV[3]), tonumber(ARGV[4])
        local r, tk = level(KEYS[1], rl), level(KEYS[2], tl)
        local wr, wt = 0, 0
        if rl > 0 and r < rc then wr = math.ceil((rc - r) * 60000 / rl) end
        if tl > 0 and tk < tc then wt = math.ceil((tc - tk) * 60000 / tl) end
        if wr > 0 or wt > 0 then
          return {0, tostring(wr), tostring(wt), tostring(math.floor(r)), tostring(math.floor(tk))}
        end
        if rl > 0 then
          redis.call('HSET', KEYS[1], 'level', tostring(r - rc), 'ts', tostring(now))
          redis.call('PEXPIRE', KEYS[1], 120000)
        end
        if tl > 0 then
          redis.call('HSET', KEYS[2], 'level', tostring(tk - tc), 'ts', tostring(now))
          redis.call('PEXPIRE', KEYS[2], 120000)
        end
        return {1, '0', '0', tostring(math.floor(r - rc)), tostring(math.floor(tk - tc))}
        """);

    private readonly string _prefix = queueOptions.Value.KeyPrefix;

    /// <summary>Charges one request and <paramref name="tokens"/> tokens to the key, or says how long to wait.</summary>
    public async Task<RateLimitDecision> TryAcquireAsync(ApiKeyIdentity key, long tokens, CancellationToken cancellationToken)
    {
        var requestsPerMinute = key.Options.RequestsPerMinute;
        var tokensPerMinute = key.Options.TokensPerMinute;
        if (requestsPerMinute <= 0 && tokensPerMinute <= 0)
        {
            return new RateLimitDecision(true, null, TimeSpan.Zero, -1, -1);
        }

        var reply = await redis.ScriptEvaluateAsync(
            Script,
            [$"{_prefix}:rl:{key.KeyId}:requests", $"{_prefix}:rl:{key.KeyId}:tokens"],
            [requestsPerMinute, tokensPerMinute, 1, tokens],
            cancellationToken);
        var r = reply.AsStringArray();
        static long Long(string? s) => long.Parse(s!, CultureInfo.InvariantCulture);
        var allowed = reply.AsArray()[0].AsInt64() == 1;
        var waitRequests = Long(r[1]);
        var waitTokens = Long(r[2]);
        var limit = allowed ? null : waitTokens > waitRequests ? "tokens" : "requests";
        return new RateLimitDecision(allowed, limit, TimeSpan.FromMilliseconds(Math.Max(waitRequests, waitTokens)), Long(r[3]), Long(r[4]));
    }
}
