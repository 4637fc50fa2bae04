using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Tests;

public sealed class ServiceDefaultsHealthTests
{
    [Fact]
    public async Task HealthAndAlive_AllChecksPass_Return200WithEachCheck()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = TestApp.Create(new Dictionary<string, string?>(), b => b.Services.AddHealthChecks().AddCheck("queue", () => HealthCheckResult.Healthy()));
        await app.StartAsync(ct);
        using var client = app.GetTestClient();

        var (healthStatus, health) = await GetAsync(client, ServiceDefaultsExtensions.HealthEndpointPath, ct);
        var (aliveStatus, alive) = await GetAsync(client, ServiceDefaultsExtensions.AlivenessEndpointPath, ct);

        Assert.Equal(HttpStatusCode.OK, healthStatus);
        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("queue").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        Assert.True(alive.GetProperty("checks").TryGetProperty("self", out _));
        Assert.False(alive.GetProperty("checks").TryGetProperty("queue", out _));
        await app.StopAsync(ct);
    }

    [Fact]
    public async Task Health_ReadinessCheckFails_Returns503WhileAliveStays200()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = TestApp.Create(new Dictionary<string, string?>(), b => b.Services.AddHealthChecks().AddCheck("redis", () => HealthCheckResult.Unhealthy("redis unreachable")));
        await app.StartAsync(ct);
        using var client = app.GetTestClient();

        var (healthStatus, health) = await GetAsync(client, "/health", ct);
        var (aliveStatus, _) = await GetAsync(client, "/alive", ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthStatus);
        Assert.Equal("Unhealthy", health.GetProperty("status").GetString());
        var redis = health.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Unhealthy", redis.GetProperty("status").GetString());
        Assert.Equal("redis unreachable", redis.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, aliveStatus);
        await app.StopAsync(ct);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, cancellationToken);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return (response.StatusCode, json.RootElement.Clone());
    }
}
