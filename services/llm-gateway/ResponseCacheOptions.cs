using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

/// <summary>
/// The exact-match response cache: a non-streaming request identical to an earlier one gets the earlier
/// completion without running a job.
/// </summary>
public sealed class ResponseCacheOptions
{
    /// <summary>Whether every request is cached unless it opts out (<c>Cache-Control: no-cache</c>). Default false:
    /// then only requests that opt in (<c>x-platform-cache: on</c>) are cached.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long an entry lives. Default 10 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><c>PerKey</c> (default): entries are shared only by requests with the same API key;
    /// <c>Tenant</c>: by the keys of one tenant.</summary>
    public CacheScope Scope { get; set; } = CacheScope.PerKey;
}
