using System.Collections.Frozen;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Platform.Operator.Dashboard;

/// <summary>
/// The live dashboard: <c>GET /</c> (the page), <c>GET /dashboard/{file}</c> (its script and style, embedded in the
/// assembly, no CDN) and <c>GET /api/dashboard</c> (the JSON the page polls).
/// </summary>
internal static class DashboardEndpoints
{
    private const string ResourcePrefix = "Platform.Operator.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Maps the page, its assets and its API.</summary>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/", () => Asset("index.html"));
        endpoints.MapGet("/dashboard/{file}", (string file) => Asset(file));
        endpoints.MapGet("/api/dashboard", GetDashboard);
        return endpoints;
    }

    private static Ok<DashboardSnapshot> GetDashboard(DashboardSampler sampler) => TypedResults.Ok(sampler.Snapshot());

    private static IResult Asset(string file)
    {
        if (!ContentTypes.TryGetValue(file, out var contentType))
        {
            return TypedResults.NotFound();
        }

        var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(ResourcePrefix + file);
        return stream is null ? TypedResults.NotFound() : TypedResults.Stream(stream, contentType);
    }
}
