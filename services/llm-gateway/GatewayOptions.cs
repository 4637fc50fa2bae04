using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

/// <summary>Settings of the gateway, bound from the <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>The API keys that may call <c>/v1</c>. No key, no access. Default: none.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>The models served when none are configured: the workers' simulated models.</summary>
    public static readonly IReadOnlyList<string> DefaultModels = ["sim-small", "sim-large"];

    /// <summary>
    /// The models clients may ask for, as <c>GET /v1/models</c> lists them; they must match the workers' model
    /// names. Default <see cref="DefaultModels"/> (applied when the list is empty).
    /// </summary>
    public List<string> Models { get; set; } = [];

    /// <summary>How long a synchronous completion waits for its worker before answering 504. Default 120 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SyncTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest request body accepted; larger ones get 413. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Backlog (undelivered jobs) above which new jobs are shed with Retry-After. Default 10,000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxQueueBacklog { get; set; } = 10_000;

    /// <summary>Status code of a shed request: 503 (default) or 429.</summary>
    [Range(429, 503)]
    public int BackpressureStatusCode { get; set; } = 503;

    /// <summary>Retry-After sent with a shed request. Default 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan BackpressureRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a queue-backlog reading is reused before the next request reads it again. Default 250 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan BacklogRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How often the queue's statistics are read for the <c>platform.queue.*</c> gauges when no request has
    /// read them more recently. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan QueueMetricsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Interval of <c>:</c> keep-alive comments on a quiet stream. Default 15 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan StreamKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Largest <c>max_tokens</c> accepted. Default 32,768.</summary>
    [Range(1, 1_000_000)]
    public int MaxOutputTokens { get; set; } = 32_768;

    /// <summary>Output tokens assumed for rate limiting when a request sets no <c>max_tokens</c>. Default 256.</summary>
    [Range(1, 1_000_000)]
    public int DefaultOutputTokensEstimate { get; set; } = 256;

    /// <summary>The exact-match response cache.</summary>
    public ResponseCacheOptions Cache { get; set; } = new();
}
