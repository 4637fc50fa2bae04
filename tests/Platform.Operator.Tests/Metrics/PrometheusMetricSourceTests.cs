using Platform.Operator.Metrics;

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
}
