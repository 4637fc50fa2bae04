using Platform.Operator.Apis;
using Platform.Operator.Dashboard;
using Platform.Otlp;

namespace Platform.Operator.Extensions;

/// <summary>Builds the operator's web application (also used in-process by tests and the benchmark).</summary>
internal static class OperatorApplication
{
    private static readonly Dictionary<string, string> SwitchMappings = new(StringComparer.Ordinal)
    {
        ["--local"] = "Operator:LocalDirectory",
        ["--scale-target"] = "Operator:ScaleTarget",
        ["--namespace"] = "Operator:Namespace",
    };

    /// <summary>
    /// Creates the application: <c>/health</c>, <c>/alive</c>, the OTLP/HTTP receiver (<c>/v1/metrics</c>,
    /// <c>/v1/traces</c>, <c>/v1/logs</c>), <c>GET /api/policies</c>, the dashboard (<c>/</c>, <c>GET /api/dashboard</c>), and the reconciler in cluster or local mode.
    /// </summary>
    /// <param name="args">The command line (<c>--urls</c>, <c>--local DIR</c>, <c>--scale-target URL</c>, <c>--namespace NS</c>, any configuration key).</param>
    /// <param name="configure">Runs before the operator's registrations, so services registered here win (tests).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Configuration.AddCommandLine(args, SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        builder.AddServiceDefaults();

        // Every evaluation may call the scale target or Prometheus: per-request HttpClient logs would drown the decisions.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        configure?.Invoke(builder);
        builder.Services.AddScalePolicyOperator(builder.Configuration);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapOtlpReceiver();
        app.MapPoliciesApi();
        app.MapDashboard();
        return app;
    }
}
