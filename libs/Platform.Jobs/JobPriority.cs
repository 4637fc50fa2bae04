namespace Platform.Jobs;

/// <summary>Priority of a job. Each priority has its own stream; workers read higher priorities first.</summary>
public enum JobPriority
{
    /// <summary>Interactive traffic: read before anything else.</summary>
    High = 0,

    /// <summary>The default.</summary>
    Normal = 1,

    /// <summary>Batch traffic: read only when nothing of higher priority waits.</summary>
    Low = 2,
}
