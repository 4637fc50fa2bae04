namespace Platform.Gateway;

/// <summary>Who shares response cache entries.</summary>
public enum CacheScope
{
    /// <summary>Requests made with the same API key.</summary>
    PerKey,

    /// <summary>Requests made by the same tenant with any of its keys.</summary>
    Tenant,
}
