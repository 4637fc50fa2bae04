using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Platform.Hosting.Scaling;

/// <summary>The local scale target the operator calls in local mode (see the contracts: GET and PUT <c>/scale/{name}</c>).</summary>
public static class LocalScaleApi
{
    /// <summary>Maps <c>GET</c> and <c>PUT {prefix}/{name}</c> onto the scalable resources of <paramref name="application"/>.</summary>
    public static IEndpointRouteBuilder MapLocalScaleApi(this IEndpointRouteBuilder endpoints, DistributedApplication application, int maxReplicas, string prefix = "/scale")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.MapGet("/{name}", (string name) => Get(application, name));
        group.MapPut("/{name}", (string name, ReplicaCountRequest? body) => Put(application, name, body, maxReplicas));
        return endpoints;
    }

    internal static Results<Ok<ReplicaStatus>, NotFound<ScaleError>> Get(DistributedApplication application, string name) =>
        application.GetReplicaStatus(name) is { } status
            ? TypedResults.Ok(status)
            : TypedResults.NotFound(new ScaleError($"no scalable resource named '{name}'"));

    internal static Results<Ok<ReplicaStatus>, NotFound<ScaleError>, BadRequest<ScaleError>, Conflict<ScaleError>> Put(
        DistributedApplication application, string name, ReplicaCountRequest? body, int maxReplicas)
    {
        if (application.GetReplicaStatus(name) is null)
        {
            return TypedResults.NotFound(new ScaleError($"no scalable resource named '{name}'"));
        }

        // The policy's min and max are the operator's business; here only values no laptop should try are refused.
        if (body?.Replicas is not { } replicas || replicas < 0 || replicas > maxReplicas)
        {
            return TypedResults.BadRequest(new ScaleError($"replicas must be between 0 and {maxReplicas}"));
        }

        try
        {
            return TypedResults.Ok(application.Scale(name, replicas));
        }
        catch (InvalidOperationException ex)
        {
            return TypedResults.Conflict(new ScaleError(ex.Message));
        }
    }
}
