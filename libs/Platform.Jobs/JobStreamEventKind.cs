namespace Platform.Jobs;

/// <summary>Kinds of <see cref="JobStreamEvent"/>.</summary>
public enum JobStreamEventKind
{
    /// <summary>A piece of output.</summary>
    Chunk,

    /// <summary>The stream finished normally; the data may carry a summary (usage).</summary>
    End,

    /// <summary>The stream failed; the data carries the error.</summary>
    Error,
}
