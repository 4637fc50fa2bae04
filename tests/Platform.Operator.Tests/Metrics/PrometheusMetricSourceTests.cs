using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Operator.Metrics;
using Platform.Scaling.Policy;

namespace Platform.Operator.Tests.Metrics;

public sealed class PrometheusMetricSourceTests
{
    [Theory]
    // A scalar result.
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1700000000.1,"42.5"]}}""", 42.5)]
    // A one-sample vector.
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"w"},"value":[1700000000,"7"]}]}}""", 7)]
    public void ParseInstantQuery_OneValue_ReturnsIt(string body, double expected) =>
        Assert.Equal(expected, PrometheusMetricSource.ParseInstantQuery(body));

    [Theory]
    // No series matched: nothing to scale on.
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[]}}""", "exactly one")]
    // Two series: ambiguous.
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"value":[1,"1"]},{"value":[1,"2"]}]}}""", "exactly one")]
    // A query error.
    [InlineData("""{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""", "parse error")]
    // NaN is not a usable value.
    [InlineData("""{"status":"success","data":{"resultType":"scalar","result":[1,"NaN"]}}""", "finite")]
    // Not Prometheus at all.
    [InlineData("<html>proxy error</html>", "not an instant query result")]
    public void ParseInstantQuery_Unusable_ThrowsWithReason(string body, string reason)
    {
        var ex = Assert.Throws<MetricUnavailableException>(() => PrometheusMetricSource.ParseInstantQuery(body));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_PrometheusHttpApi_SendsQueryAndReturnsValue()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        string? received = null;
        app.MapGet("/api/v1/query", (HttpContext context) =>
        {
            received = context.Request.Query["query"];
            return Results.Text("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000,"12.5"]}]}}""", "application/json");
        });
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var source = new PrometheusMetricSource(services.GetRequiredService<IHttpClientFactory>());
        const string Query = """sum(rate(http_requests_total{job="gateway"}[1m]))""";
        var metric = new MetricSpec
        {
            Type = MetricType.Prometheus,
            Prometheus = new PrometheusSource { Address = address, Query = Query },
            Target = 100,
        };

        var reading = await source.ReadAsync(metric, ct);

        Assert.Equal(12.5, reading.Value);
        Assert.Equal(Query, received);
        await app.StopAsync(ct);
    }
}
