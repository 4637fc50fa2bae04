using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Platform.Gateway.Auth;

/// <summary>
/// Looks up API keys by the SHA-256 of what the client presents, so plain and hashed keys in configuration are
/// handled alike and the lookup does not compare secrets byte by byte.
/// </summary>
internal sealed class ApiKeyStore
{
    private const string HashPrefix = "sha256:";
    private readonly Dictionary<string, ApiKeyIdentity> _byHash;

    public ApiKeyStore(IOptions<GatewayOptions> options)
    {
        _byHash = new Dictionary<string, ApiKeyIdentity>(StringComparer.Ordinal);
        foreach (var key in options.Value.ApiKeys)
        {
            var hash = key.Key.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase)
                ? key.Key[HashPrefix.Length..].ToLowerInvariant()
                : HashKey(key.Key);
            _byHash[hash] = new ApiKeyIdentity(hash[..16], key);
        }
    }

    public ApiKeyIdentity? Find(string presented) => _byHash.GetValueOrDefault(HashKey(presented));

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
