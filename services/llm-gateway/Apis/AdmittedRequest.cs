using Platform.Gateway.Auth;
using Platform.Gateway.Limits;
using Platform.Gateway.Validation;
using Platform.Jobs;

namespace Platform.Gateway.Apis;

/// <summary>A request that passed authentication, validation, limits and backpressure.</summary>
/// <param name="Identity">The caller.</param>
/// <param name="Chat">The validated body.</param>
/// <param name="Priority">Header, body field or default.</param>
/// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header, if sent.</param>
/// <param name="Limits">The rate-limit state after charging this request.</param>
internal sealed record AdmittedRequest(ApiKeyIdentity Identity, ValidatedChatRequest Chat, JobPriority Priority, string? IdempotencyKey, RateLimitDecision Limits);
