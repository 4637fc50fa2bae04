using Microsoft.Extensions.DependencyInjection.Extensions;
using Platform.Otlp;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the services the OTLP receiver endpoints need.</summary>
public static class OtlpReceiverServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="OtlpReceiverOptions"/> and, unless another <see cref="IOtlpSink"/> is already
    /// registered, an <see cref="InMemoryOtlpSink"/> as the sink.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Optional changes to the receiver options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOtlpReceiver(this IServiceCollection services, Action<OtlpReceiverOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<OtlpReceiverOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddSingleton<InMemoryOtlpSink>();
        services.TryAddSingleton<IOtlpSink>(sp => sp.GetRequiredService<InMemoryOtlpSink>());
        return services;
    }
}
