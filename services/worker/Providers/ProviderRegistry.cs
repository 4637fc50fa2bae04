using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Platform.Worker.Options;

namespace Platform.Worker.Providers;

/// <summary>Creates each configured provider once, on first use.</summary>
internal sealed class ProviderRegistry(IOptions<WorkerOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ILlmProvider>> _providers = new(StringComparer.Ordinal);

    /// <summary>Replaces a provider (tests and embedding hosts); call before the provider is first used.</summary>
    public void Register(string name, ILlmProvider provider) =>
        _providers[name] = new Lazy<ILlmProvider>(provider);

    public ILlmProvider Get(string name) =>
        _providers.GetOrAdd(name, n => new Lazy<ILlmProvider>(() => Create(n))).Value;

    public void Dispose()
    {
        foreach (var provider in _providers.Values.Where(p => p.IsValueCreated))
        {
            (provider.Value as IDisposable)?.Dispose();
        }
    }

    private ILlmProvider Create(string name)
    {
        if (!options.Value.Providers.TryGetValue(name, out var provider))
        {
            throw new InvalidOperationException($"Provider '{name}' is not configured.");
        }

        return provider.Type switch
        {
            ProviderType.OpenAI => new OpenAIProvider(provider.BaseUrl!, provider.ResolveApiKey(), timeProvider),
            _ => new SimulatedProvider(name, provider.Simulated, timeProvider),
        };
    }
}
