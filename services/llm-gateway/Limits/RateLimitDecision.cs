namespace Platform.Gateway.Limits;

/// <summary>The answer of <see cref="RateLimiter.TryAcquireAsync"/>.</summary>
/// <param name="Allowed">Whether the request may go on.</param>
/// <param name="Limit">When refused: <c>requests</c> or <c>tokens</c>.</param>
/// <param name="RetryAfter">When refused: how long until enough budget has refilled.</param>
/// <param name="RemainingRequests">Requests left in the bucket after this one (when a limit is set).</param>
/// <param name="RemainingTokens">Tokens left in the bucket after this one (when a limit is set).</param>
internal sealed record RateLimitDecision(bool Allowed, string? Limit, TimeSpan RetryAfter, long RemainingRequests, long RemainingTokens);
