using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Defaults every platform service shares (in the spirit of .NET Aspire's ServiceDefaults project):
/// OpenTelemetry traces, metrics and logs over OTLP, health checks and endpoints, JSON console logs with
/// trace and span ids.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness endpoint: every registered health check must pass.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness endpoint: only checks tagged <see cref="LiveTag"/> run.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Tag of the health checks that decide liveness (<see cref="AlivenessEndpointPath"/>).</summary>
    public const string LiveTag = "live";

    /// <summary>Configuration key (and environment variable) of the metric export interval in milliseconds; default 60 000.</summary>
    public const string MetricExportIntervalKey = "OTEL_METRIC_EXPORT_INTERVAL";

    /// <summary>
    /// Activity sources that are traced: ASP.NET Core server spans, HttpClient client spans, and every source
    /// whose name starts with <c>Platform.</c> (services name their own sources <c>Platform.&lt;Service&gt;</c>).
    /// </summary>
    public static IReadOnlyList<string> ActivitySourceNames { get; } = ["Microsoft.AspNetCore", "System.Net.Http", "Platform.*"];

    /// <summary>
    /// Meters that are exported: .NET's built-in ASP.NET Core, Kestrel, routing, HttpClient and runtime meters,
    /// and every meter whose name starts with <c>Platform.</c>.
    /// </summary>
    public static IReadOnlyList<string> MeterNames { get; } =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "System.Net.Http",
        "System.Runtime",
        "Platform.*",
    ];

    /// <summary>
    /// Adds the shared defaults to any host builder (web or generic): OpenTelemetry (exporting only when an
    /// <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> is configured), health checks with a <c>self</c> liveness check,
    /// and console logging (JSON unless <c>Logging:Console:FormatterName</c> names another formatter).
    /// Calling it twice has no further effect.
    /// </summary>
    /// <typeparam name="TBuilder">The host builder type.</typeparam>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(s => s.ServiceType == typeof(TelemetryLifetimeService)))
        {
            return builder;
        }

        ConfigureConsoleLogging(builder);
        ConfigureOpenTelemetry(builder);
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <see cref="HealthEndpointPath"/> (all checks) and <see cref="AlivenessEndpointPath"/> (checks
    /// tagged <see cref="LiveTag"/>) in every environment. Both answer JSON with each check's status
    /// (200 when healthy or degraded, 503 when unhealthy) and are excluded from tracing and HTTP metrics.
    /// </summary>
    /// <param name="app">The web application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics()
            .Add(ExcludeFromTracing);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        })
            .DisableHttpMetrics()
            .Add(ExcludeFromTracing);
        return app;
    }

    private static void ConfigureConsoleLogging(IHostApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var formatter = builder.Configuration["Logging:Console:FormatterName"];
        if (string.IsNullOrWhiteSpace(formatter) || formatter.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";
            });
        }
        else if (formatter.Equals("simple", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "HH':'mm':'ss'.'fff ";
            });
        }
        else
        {
            // systemd or a custom formatter: the configured name applies unchanged.
            builder.Logging.AddConsole();
        }
    }

    private static void ConfigureOpenTelemetry(IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var resource = TelemetryResource.Resolve(configuration, builder.Environment.ApplicationName);

        // One instance id for all three signals of this process, unless the environment names one.
        var instanceId = resource.Attributes.Any(a => a.Key == "service.instance.id") ? null : Guid.NewGuid().ToString();
        var environmentName = builder.Environment.EnvironmentName;
        ResourceBuilder CreateResource()
        {
            var resourceBuilder = ResourceBuilder.CreateEmpty()
                .AddService(resource.ServiceName, serviceInstanceId: instanceId, autoGenerateServiceInstanceId: false)
                .AddTelemetrySdk();
            var attributes = resource.Attributes.ToList();
            if (!attributes.Any(a => a.Key == "deployment.environment.name"))
            {
                attributes.Add(new KeyValuePair<string, object>("deployment.environment.name", environmentName));
            }

            return resourceBuilder.AddAttributes(attributes);
        }

        var traces = OtlpExportSettings.Resolve(configuration, OtlpSignal.Traces);
        var metrics = OtlpExportSettings.Resolve(configuration, OtlpSignal.Metrics);
        var logs = OtlpExportSettings.Resolve(configuration, OtlpSignal.Logs);
        int? exportInterval = int.TryParse(configuration[MetricExportIntervalKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? ms
            : null;

        // The tracer provider exists even without an exporter: sampled activities give logs and the
        // traceparent that travels with jobs real trace ids.
        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(CreateResource())
                .AddSource([.. ActivitySourceNames]);
            if (traces is not null)
            {
                tracing.AddOtlpExporter(traces.ApplyTo);
            }

            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metering = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(CreateResource())
                .AddMeter([.. MeterNames]);
            if (metrics is not null)
            {
                metering.AddOtlpExporter((exporter, reader) =>
                {
                    metrics.ApplyTo(exporter);
                    reader.TemporalityPreference = MetricReaderTemporalityPreference.Cumulative;
                    if (exportInterval is { } interval)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                    }
                });
            }

            return metering.Build();
        });
        builder.Services.AddHostedService<TelemetryLifetimeService>();
        builder.Services.AddSingleton<IStartupFilter, HttpServerActivityEnricher>();

        if (logs is not null)
        {
            builder.Logging.AddOpenTelemetry(o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
                o.SetResourceBuilder(CreateResource());
                o.AddOtlpExporter(logs.ApplyTo);
            });
        }
    }

    private static void ExcludeFromTracing(EndpointBuilder endpoint)
    {
        var next = endpoint.RequestDelegate;
        if (next is null)
        {
            return;
        }

        endpoint.RequestDelegate = context =>
        {
            // An unrecorded activity is skipped by the export processors; probes every few seconds would
            // otherwise dominate the traces.
            if (context.Features.Get<IHttpActivityFeature>()?.Activity is { } activity)
            {
                activity.IsAllDataRequested = false;
                activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            }

            return next(context);
        };
    }
}
