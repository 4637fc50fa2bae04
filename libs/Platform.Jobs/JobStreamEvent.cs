namespace Platform.Jobs;

/// <summary>One event of a streaming job, relayed from the worker to whichever gateway serves the client.</summary>
/// <param name="Id">The event's stream id; pass it back to resume after it.</param>
/// <param name="Kind">What the event is.</param>
/// <param name="Attempt">The attempt that produced it.</param>
/// <param name="Data">Its content (for example a serialised chunk); opaque to the queue.</param>
public sealed record JobStreamEvent(string Id, JobStreamEventKind Kind, int Attempt, ReadOnlyMemory<byte> Data)
{
    /// <summary>True for the event that ends a stream.</summary>
    public bool IsTerminal => Kind is JobStreamEventKind.End or JobStreamEventKind.Error;
}
