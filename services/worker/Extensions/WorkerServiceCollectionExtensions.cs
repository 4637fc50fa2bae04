using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Platform.Worker.Options;
using Platform.Worker.Processing;
using Platform.Worker.Providers;
using Platform.Worker.Resilience;
using Platform.Worker.Telemetry;

namespace Platform.Worker.Extensions;

/// <summary>Composition of the worker.</summary>
internal static class WorkerServiceCollectionExtensions
{
    /// <summary>Time the host allows beyond the grace period for the final writes of a drain.</summary>
    private static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers the LLM worker: <see cref="WorkerOptions"/> (section <c>Worker</c>), the Redis connection
    /// (<c>ConnectionStrings:redis</c>), the job queue (section <c>Jobs</c>), providers, pipelines, metrics, the
    /// <see cref="JobWorker"/> and a "redis" readiness health check (ServiceDefaults maps /health and /alive).
    /// </summary>
    public static IServiceCollection AddLlmWorker(this IServiceCollection services)
    {
        services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .PostConfigure(o => o.ApplyDefaults())
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>());
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.ShutdownGracePeriod + ShutdownMargin);

        services.AddRedisConnection();
        services.AddJobQueue();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WorkerMetrics>();
        services.TryAddSingleton<ProviderRegistry>();
        services.TryAddSingleton<PipelineRegistry>();
        services.TryAddSingleton<ModelInvoker>();
        services.TryAddSingleton<LlmJobProcessor>();
        services.AddSingleton<JobWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<JobWorker>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }
}
