namespace Platform.Gateway.Auth;

/// <summary>The caller, once its API key is known.</summary>
/// <param name="KeyId">A short, non-reversible id of the key (hex of its SHA-256 prefix), safe to log and to use in Redis keys.</param>
/// <param name="Options">The key's settings.</param>
public sealed record ApiKeyIdentity(string KeyId, ApiKeyOptions Options)
{
    /// <summary>The key's tenant.</summary>
    public string Tenant => Options.Tenant;

    /// <summary>Whether the key may use <paramref name="model"/>.</summary>
    public bool MayUse(string model) => Options.Models.Count == 0 || Options.Models.Contains(model, StringComparer.Ordinal);
}
