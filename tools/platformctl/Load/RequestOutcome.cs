namespace Platform.Cli.Load;

/// <summary>What became of one replayed request.</summary>
/// <param name="Index">The request's position in the trace.</param>
/// <param name="StatusCode">The HTTP status, or null when there was no response.</param>
/// <param name="Failure">Why there was no response: <c>timeout</c>, <c>connection error</c> or <c>cancelled</c>; null when there was one.</param>
/// <param name="Latency">From sending to the end of the response.</param>
internal sealed record RequestOutcome(int Index, int? StatusCode, string? Failure, TimeSpan Latency)
{
    /// <summary>Whether the gateway answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
