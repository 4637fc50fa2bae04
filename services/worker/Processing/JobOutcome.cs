using Platform.Jobs;

namespace Platform.Worker.Processing;

/// <summary>What running a job produced: a result to complete it with, or an error to fail the attempt with.</summary>
internal sealed record JobOutcome
{
    /// <summary>The result (a ChatCompletion JSON) on success.</summary>
    public ReadOnlyMemory<byte>? Result { get; init; }

    /// <summary>Fields stored with the result (<c>LlmResultFields</c>).</summary>
    public IReadOnlyDictionary<string, string>? Fields { get; init; }

    /// <summary>The error on failure.</summary>
    public JobError? Error { get; init; }

    /// <summary>A successful outcome.</summary>
    public static JobOutcome Success(ReadOnlyMemory<byte> result, IReadOnlyDictionary<string, string> fields) => new() { Result = result, Fields = fields };

    /// <summary>A failed outcome.</summary>
    public static JobOutcome Failure(JobError error) => new() { Error = error };
}
