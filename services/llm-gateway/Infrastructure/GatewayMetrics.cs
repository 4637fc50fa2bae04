using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.Gateway.Infrastructure;

/// <summary>The gateway's own metrics (meter <c>Platform.Gateway</c>). Attributes carry tenant and model, never keys or prompts.</summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "Platform.Gateway";

    private readonly Counter<long> _enqueued;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _shed;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _authFailures;
    private readonly UpDownCounter<long> _inFlight;

    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _enqueued = meter.CreateCounter<long>("platform.jobs.enqueued", "{job}", "Jobs put on the queue.");
        _rateLimited = meter.CreateCounter<long>("platform.gateway.rate_limited", "{request}", "Requests refused by per-key limits.");
        _shed = meter.CreateCounter<long>("platform.gateway.shed", "{request}", "Requests shed because the queue was too deep.");
        _cacheHits = meter.CreateCounter<long>("platform.cache.hits", "{request}", "Responses served from the exact-match cache.");
        _cacheMisses = meter.CreateCounter<long>("platform.cache.misses", "{request}", "Cacheable requests not found in the cache.");
        _authFailures = meter.CreateCounter<long>("platform.gateway.auth_failures", "{request}", "Requests refused for a missing or wrong API key.");
        _inFlight = meter.CreateUpDownCounter<long>("platform.gateway.in_flight", "{request}", "LLM requests waiting for their job.");
    }

    public void Enqueued(string tenant, string model, string kind) =>
        _enqueued.Add(1, new TagList { { "tenant", tenant }, { "gen_ai.request.model", model }, { "platform.request.kind", kind } });

    public void RateLimited(string tenant, string limit) =>
        _rateLimited.Add(1, new TagList { { "tenant", tenant }, { "platform.limit", limit } });

    public void Shed(string tenant) => _shed.Add(1, new TagList { { "tenant", tenant } });

    public void CacheHit(string tenant, string model) => _cacheHits.Add(1, new TagList { { "tenant", tenant }, { "gen_ai.request.model", model } });

    public void CacheMiss(string tenant, string model) => _cacheMisses.Add(1, new TagList { { "tenant", tenant }, { "gen_ai.request.model", model } });

    public void AuthenticationFailed(string reason) => _authFailures.Add(1, new TagList { { "reason", reason } });

    public InFlightScope Track(string tenant, string model) => new(_inFlight, new TagList { { "tenant", tenant }, { "gen_ai.request.model", model } });

    public readonly struct InFlightScope : IDisposable
    {
        private readonly UpDownCounter<long> _counter;
        private readonly TagList _tags;

        public InFlightScope(UpDownCounter<long> counter, TagList tags)
        {
            _counter = counter;
            _tags = tags;
            _counter.Add(1, _tags);
        }

        public void Dispose() => _counter.Add(-1, _tags);
    }
}
