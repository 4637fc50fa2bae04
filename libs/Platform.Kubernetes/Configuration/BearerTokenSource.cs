namespace Platform.Kubernetes.Configuration;

/// <summary>
/// The bearer token for requests: a static token, or a token file re-read at most every refresh interval,
/// and at once after a 401 (projected service-account tokens rotate about hourly).
/// </summary>
internal sealed class BearerTokenSource
{
    private readonly string? _staticToken;
    private readonly string? _tokenFile;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private string? _cached;
    private long _readAt;

    public BearerTokenSource(KubernetesClientConfiguration configuration, TimeProvider timeProvider)
    {
        _staticToken = configuration.AccessToken;
        _tokenFile = configuration.TokenFile;
        _refreshInterval = configuration.TokenRefreshInterval;
        _timeProvider = timeProvider;
    }

    /// <summary>Whether a fresh read could yield a different token (only for token files).</summary>
    public bool CanRefresh => _staticToken is null && _tokenFile is not null;

    public string? GetToken(bool forceRefresh = false)
    {
        if (_staticToken is not null || _tokenFile is null)
        {
            return _staticToken;
        }

        lock (_lock)
        {
            var stale = _cached is null || _timeProvider.GetElapsedTime(_readAt) >= _refreshInterval;
            if (forceRefresh || stale)
            {
                _cached = File.ReadAllText(_tokenFile).Trim();
                _readAt = _timeProvider.GetTimestamp();
            }

            return _cached;
        }
    }
}
