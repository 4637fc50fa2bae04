using Microsoft.Extensions.Configuration;
using Platform.ServiceDefaults.Telemetry;

namespace Platform.ServiceDefaults.Tests.Telemetry;

public sealed class TelemetryResourceTests
{
    [Theory]
    [InlineData(null, null, "llm-gateway")] // nothing configured: the application name
    [InlineData(null, "service.name=from-list", "from-list")] // OTEL_RESOURCE_ATTRIBUTES names it
    [InlineData("from-env", "service.name=from-list", "from-env")] // OTEL_SERVICE_NAME wins
    public void Resolve_ServiceName_FollowsPrecedence(string? serviceName, string? resourceAttributes, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = resourceAttributes,
        }).Build();

        Assert.Equal(expected, TelemetryResource.Resolve(configuration, "llm-gateway").ServiceName);
    }

    [Fact]
    public void Resolve_ResourceAttributes_ParsesDecodesAndSkipsMalformedPairs()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["OTEL_RESOURCE_ATTRIBUTES"] = "k8s.pod.name=worker-0, team = a%20b,malformed,=novalue,k8s.pod.name=worker-1",
        }).Build();

        var attributes = TelemetryResource.Resolve(configuration, "worker").Attributes;

        Assert.Equal(
            [new("team", "a b"), new("k8s.pod.name", "worker-1")],
            attributes);
    }
}
