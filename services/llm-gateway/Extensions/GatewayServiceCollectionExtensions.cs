using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Platform.Gateway.Apis;
using Platform.Gateway.Auth;
using Platform.Gateway.Infrastructure;
using Platform.Gateway.Limits;
using Platform.Llm;
using Platform.Redis;

namespace Platform.Gateway.Extensions;

/// <summary>Composition of the gateway's services.</summary>
internal static class GatewayServiceCollectionExtensions
{
    public static WebApplicationBuilder AddGateway(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.ApiKeys.All(k => !string.IsNullOrWhiteSpace(k.Key)), "Every Gateway:ApiKeys entry needs a Key.")
            .Validate(o => o.BackpressureStatusCode is 429 or 503, "Gateway:BackpressureStatusCode must be 429 or 503.")
            .ValidateOnStart();
        // A default list would be appended to by the configuration binder, not replaced: fill it afterwards.
        services.PostConfigure<GatewayOptions>(o =>
        {
            if (o.Models.Count == 0)
            {
                o.Models.AddRange(GatewayOptions.DefaultModels);
            }
        });

        services.AddRedisConnection();
        services.AddJobQueue();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<BacklogMonitor>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<JobAdmission>();
        services.AddHostedService<QueueInitializer>();
        services.AddHostedService<QueueMetricsReporter>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");
        services.Configure<JsonOptions>(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, LlmJsonContext.Default));
        services.AddOpenApi();
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        // Routing's own 404/405 under /v1 get an OpenAI error body like every other error.
        app.UseStatusCodePages(OpenAIErrors.WriteForEmptyStatus);
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<ExceptionMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapOpenApi();
        app.MapChatCompletionsApi();
        app.MapJobsApi();
        app.MapModelsApi();
        return app;
    }

    /// <summary>Ready means the queue is reachable.</summary>
    private sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.0} ms.");
            }
            catch (RedisException ex)
            {
                return HealthCheckResult.Unhealthy("Redis is unreachable.", ex);
            }
        }
    }
}
