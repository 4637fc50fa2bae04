using Platform.Llm;

namespace Platform.Worker.Providers;

/// <summary>A piece of a streamed completion: text of one choice, its end, or the usage (usually last).</summary>
internal sealed record ProviderChunk
{
    /// <summary>The choice the piece belongs to.</summary>
    public int Index { get; init; }

    /// <summary>Generated text, if any.</summary>
    public string? Content { get; init; }

    /// <summary>Set on the last piece of a choice.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Token usage, on the piece that reports it.</summary>
    public Usage? Usage { get; init; }
}
