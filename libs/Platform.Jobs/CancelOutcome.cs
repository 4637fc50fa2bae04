namespace Platform.Jobs;

/// <summary>What <see cref="JobQueue.CancelAsync"/> did.</summary>
public enum CancelOutcome
{
    /// <summary>No such job (or it expired).</summary>
    NotFound,

    /// <summary>The job was queued and is now cancelled; it will not run.</summary>
    Cancelled,

    /// <summary>The job is running: its worker was told to stop, and the job ends as cancelled.</summary>
    CancellationRequested,

    /// <summary>The job had already finished; nothing changed.</summary>
    AlreadyFinished,
}
