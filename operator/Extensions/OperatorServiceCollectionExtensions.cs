using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Platform.Kubernetes;
using Platform.Operator.Dashboard;
using Platform.Operator.History;
using Platform.Operator.Hosting;
using Platform.Operator.Metrics;
using Platform.Operator.Reconciliation;
using Platform.Operator.Scaling;
using Platform.Operator.Telemetry;
using Platform.Otlp;
using Platform.Otlp.Metrics;

namespace Platform.Operator.Extensions;

/// <summary>Composition of the operator: metric sources, reconciler, scheduler, and cluster or local mode.</summary>
internal static class OperatorServiceCollectionExtensions
{
    /// <summary>Registers the operator. Services registered before (a Kubernetes configuration, a TimeProvider) win.</summary>
    public static IServiceCollection AddScalePolicyOperator(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperatorOptions>()
            .BindConfiguration(OperatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new OperatorIdentity(
            sp.GetRequiredService<IOptions<OperatorOptions>>().Value.Identity
            ?? Environment.GetEnvironmentVariable("POD_NAME")
            ?? Environment.MachineName.ToLowerInvariant() + "-" + Random.Shared.Next(0x10000).ToString("x4", CultureInfo.InvariantCulture)));
        services.TryAddSingleton<OperatorStatus>();
        services.AddHealthChecks().AddCheck<OperatorHealthCheck>("operator");

        // The OTLP/HTTP receiver on the operator's port feeds the store that Otlp metrics read.
        services.TryAddSingleton(_ => new OtlpMetricStore());
        services.TryAddSingleton<IOtlpSink>(sp => new OtlpMetricStoreSink(sp.GetRequiredService<OtlpMetricStore>()));
        services.AddOtlpReceiver();

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("redis")))
        {
            services.AddRedisConnection();
        }

        services.AddHttpClient(PrometheusMetricSource.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(HttpScaleTarget.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<IMetricSource, QueueMetricSource>();
        services.AddSingleton<IMetricSource, OtlpMetricSource>();
        services.AddSingleton<IMetricSource, PrometheusMetricSource>();
        services.TryAddSingleton<PolicyHistoryStore>();
        services.TryAddSingleton<OperatorMetrics>();
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<DashboardSampler>();
        services.AddHostedService<DashboardSamplerService>();
        services.TryAddSingleton<ScalePolicyController>();
        services.TryAddSingleton<ReconcileScheduler>();

        var local = configuration[OperatorOptions.SectionName + ":" + nameof(OperatorOptions.LocalDirectory)];
        if (!string.IsNullOrWhiteSpace(local))
        {
            var target = configuration[OperatorOptions.SectionName + ":" + nameof(OperatorOptions.ScaleTarget)];
            if (!Uri.TryCreate(target, UriKind.Absolute, out var targetUri))
            {
                throw new InvalidOperationException("Local mode needs --scale-target URL (e.g. http://127.0.0.1:5000/scale) next to --local DIR.");
            }

            services.TryAddSingleton<IScaleTarget>(sp => new HttpScaleTarget(sp.GetRequiredService<IHttpClientFactory>(), targetUri));
            services.TryAddSingleton<IPolicyStatusWriter, LoggingStatusWriter>();
            services.TryAddSingleton(sp => new LocalPolicyDirectory(Path.GetFullPath(local), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LocalPolicyDirectory>>()));
            services.AddHostedService<LocalOperatorWorker>();
        }
        else
        {
            services.TryAddSingleton(_ => KubernetesClientConfiguration.BuildDefault());
            services.TryAddSingleton(sp => new KubernetesClient(
                sp.GetRequiredService<KubernetesClientConfiguration>(), sp.GetRequiredService<ILogger<KubernetesClient>>(), sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<IScaleTarget, DeploymentScaleTarget>();
            services.TryAddSingleton<IPolicyStatusWriter, KubernetesStatusWriter>();
            services.AddHostedService<ClusterOperatorWorker>();
        }

        return services;
    }
}
