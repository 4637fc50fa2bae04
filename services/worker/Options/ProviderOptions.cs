using System.ComponentModel.DataAnnotations;

namespace Platform.Worker.Options;

/// <summary>A configured provider.</summary>
public sealed class ProviderOptions
{
    /// <summary>The kind of provider. Default <see cref="ProviderType.Simulated"/>.</summary>
    public ProviderType Type { get; set; } = ProviderType.Simulated;

    /// <summary>OpenAI: base URL including the version path, e.g. <c>https://api.openai.com/v1</c>. Default none.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>OpenAI: the API key, sent as a bearer token. Prefer <see cref="ApiKeyEnvironmentVariable"/>. Default none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>OpenAI: environment variable holding the API key, read when <see cref="ApiKey"/> is empty. Default none.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>The resilience pipeline around each of this provider's models.</summary>
    [Required]
    public ProviderResilienceOptions Resilience { get; set; } = new();

    /// <summary>Simulated: latency, output and failure injection.</summary>
    [Required]
    public SimulatedProviderOptions Simulated { get; set; } = new();

    /// <summary>The API key from <see cref="ApiKey"/> or the environment variable, if any.</summary>
    public string? ResolveApiKey() =>
        !string.IsNullOrEmpty(ApiKey) ? ApiKey
        : string.IsNullOrEmpty(ApiKeyEnvironmentVariable) ? null
        : Environment.GetEnvironmentVariable(ApiKeyEnvironmentVariable);

    /// <inheritdoc />
    public override string ToString() => $"{Type} {BaseUrl} (key {(ResolveApiKey() is null ? "absent" : "set")})";
}
