namespace Platform.Worker.Resilience;

/// <summary>What one pipeline execution has done so far, shared with its strategies through the context.</summary>
internal sealed class CallProgress
{
    /// <summary>True for a streaming call.</summary>
    public required bool Streaming { get; init; }

    /// <summary>Attempts started.</summary>
    public int Tries { get; set; }

    /// <summary>Output has reached the client: no retry and no fallback may follow.</summary>
    public bool Emitted { get; set; }
}
