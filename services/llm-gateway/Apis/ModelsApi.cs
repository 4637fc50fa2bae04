using Microsoft.AspNetCore.Http.Features;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Platform.Gateway.Auth;
using Platform.Gateway.Infrastructure;

namespace Platform.Gateway.Apis;

/// <summary><c>GET /v1/models</c>: the models this gateway serves to the caller's key.</summary>
public static class ModelsApi
{
    /// <summary>Maps <c>/v1/models</c>.</summary>
    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("Models");
        group.MapGet("/", List).WithName("ListModels");
        group.MapGet("/{model}", Get).WithName("RetrieveModel");
        return app;
    }

    internal static Ok<ModelList> List(HttpContext context, IOptions<GatewayOptions> options)
    {
        var identity = context.Features.GetRequiredFeature<ApiKeyIdentity>();
        var models = options.Value.Models.Where(identity.MayUse).Select(Describe).ToList();
        return TypedResults.Ok(new ModelList(models));
    }

    internal static Results<Ok<ModelInfo>, OpenAIErrorResult> Get(string model, HttpContext context, IOptions<GatewayOptions> options)
    {
        var identity = context.Features.GetRequiredFeature<ApiKeyIdentity>();
        return options.Value.Models.Contains(model, StringComparer.Ordinal) && identity.MayUse(model)
            ? TypedResults.Ok(Describe(model))
            : OpenAIErrors.ModelNotFound(model);
    }

    private static ModelInfo Describe(string id) => new(id, "model", 0, "llm-platform");

    /// <summary>An OpenAI model object.</summary>
    public sealed record ModelInfo(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("object")] string ObjectType,
        [property: JsonPropertyName("created")] long Created,
        [property: JsonPropertyName("owned_by")] string OwnedBy);

    /// <summary>An OpenAI list of models.</summary>
    public sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelInfo> Data)
    {
        /// <summary>Always <c>list</c>.</summary>
        [JsonPropertyName("object")]
        public string ObjectType => "list";
    }
}
