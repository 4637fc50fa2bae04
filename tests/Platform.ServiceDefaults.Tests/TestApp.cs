using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Otlp;

namespace Platform.ServiceDefaults.Tests;

/// <summary>A web app on the in-memory test server with the service defaults added.</summary>
internal static class TestApp
{
    public const string ServiceName = "sd-test";

    public static WebApplication Create(
        IDictionary<string, string?> configuration,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? map = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient();
        configureBuilder?.Invoke(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        map?.Invoke(app);
        return app;
    }

    /// <summary>Configuration exporting every signal to <paramref name="receiver"/> over http/protobuf through the base endpoint.</summary>
    public static Dictionary<string, string?> ExportTo(OtlpReceiverServer receiver, int metricIntervalMs = 60_000) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = ServiceName,
        ["OTEL_RESOURCE_ATTRIBUTES"] = "service.namespace=platform,team=infra",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = metricIntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
