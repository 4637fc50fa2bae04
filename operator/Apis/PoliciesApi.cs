using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Operator.History;

namespace Platform.Operator.Apis;

/// <summary><c>GET /api/policies</c>: every policy's spec summary, status and recent history, for the dashboard.</summary>
internal static class PoliciesApi
{
    /// <summary>Maps the API.</summary>
    public static IEndpointRouteBuilder MapPoliciesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/policies").MapGet("", GetPolicies);
        return endpoints;
    }

    private static Ok<IReadOnlyList<PolicyView>> GetPolicies(PolicyHistoryStore store) => TypedResults.Ok(store.Snapshot());
}
