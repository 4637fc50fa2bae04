using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Platform.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the shared <see cref="RedisConnection"/>.</summary>
public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="RedisConnection"/> from <c>ConnectionStrings:{connectionName}</c> (the Aspire
    /// convention). The connection is created without waiting for the server (AbortOnConnectFail=false semantics): the
    /// service starts while Redis is down, commands wait for the connection up to their timeout, and it becomes ready
    /// once Redis is reachable.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionName">The connection string name. Default <c>redis</c>.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException">On resolution, when the connection string is missing.</exception>
    public static IServiceCollection AddRedisConnection(this IServiceCollection services, string connectionName = "redis")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        services.TryAddSingleton(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var connectionString = configuration.GetConnectionString(connectionName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    $"The Redis connection string 'ConnectionStrings:{connectionName}' is missing. Set it in configuration, e.g. environment variable ConnectionStrings__{connectionName}=127.0.0.1:6379.");
            }

            var options = RedisOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;
            return RedisConnection.Start(options, provider.GetService<ILoggerFactory>());
        });
        return services;
    }
}
