using System.ComponentModel.DataAnnotations;

namespace Platform.Gateway;

/// <summary>One API key and what it may do.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>
    /// The key as clients send it (<c>Authorization: Bearer ...</c>), or its SHA-256 as <c>sha256:</c> followed by
    /// 64 hex digits, so that configuration need not hold the secret.
    /// </summary>
    [Required]
    public string Key { get; set; } = "";

    /// <summary>Who the key belongs to; jobs, limits and the cache are scoped to it. Default <c>default</c>.</summary>
    [Required]
    public string Tenant { get; set; } = "default";

    /// <summary>Requests per minute, across every gateway replica; 0 for no limit. Default 0.</summary>
    [Range(0, int.MaxValue)]
    public int RequestsPerMinute { get; set; }

    /// <summary>Tokens (estimated input plus requested output) per minute, across replicas; 0 for no limit. Default 0.</summary>
    [Range(0, int.MaxValue)]
    public int TokensPerMinute { get; set; }

    /// <summary>Models the key may use; empty for every configured model. Default empty.</summary>
    public List<string> Models { get; set; } = [];

    /// <summary>Keeps the key out of logs and dumps.</summary>
    public override string ToString() => $"ApiKey(Tenant={Tenant}, Key=*****)";
}
