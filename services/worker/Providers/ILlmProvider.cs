namespace Platform.Worker.Providers;

/// <summary>An LLM backend. Implementations throw <see cref="ProviderException"/> for failures the backend reports.</summary>
internal interface ILlmProvider
{
    /// <summary>Runs a chat completion and returns it whole.</summary>
    Task<ProviderCompletion> CompleteAsync(ProviderRequest request, CancellationToken cancellationToken);

    /// <summary>Runs a chat completion and yields its pieces as they are generated; the last piece carries the usage.</summary>
    IAsyncEnumerable<ProviderChunk> StreamAsync(ProviderRequest request, CancellationToken cancellationToken);
}
