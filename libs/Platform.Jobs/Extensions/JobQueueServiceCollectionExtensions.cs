using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Jobs;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the job queue.</summary>
public static class JobQueueServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="JobQueue"/> as a singleton with <see cref="JobQueueOptions"/> bound from the
    /// <c>Jobs</c> section and validated at start. Needs a <c>RedisConnection</c> registered
    /// (<c>AddRedisConnection()</c>).
    /// </summary>
    public static IServiceCollection AddJobQueue(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<JobQueueOptions>()
            .BindConfiguration(JobQueueOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<JobQueue>();
        return services;
    }
}
