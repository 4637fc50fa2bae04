using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;

namespace Platform.Worker.Extensions;

/// <summary>
/// <c>/health</c> (readiness: every check, including Redis) and <c>/alive</c> (liveness: the process answers).
/// Stands in for ServiceDefaults' <c>MapDefaultEndpoints</c> until that project builds.
/// </summary>
internal static class HealthEndpointExtensions
{
    public static IEndpointRouteBuilder MapWorkerHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health");
        endpoints.MapHealthChecks("/alive", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") });
        return endpoints;
    }
}
