using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Platform.Testing;

namespace Platform.Gateway.Tests;

/// <summary>The platform.queue.* observable gauges: the queue's state without any request reading it.</summary>
[Collection(RedisCollection.Name)]
public sealed class QueueMetricsTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Gateway:QueueMetricsInterval"] = "00:00:00.100",
        ["Gateway:BacklogRefreshInterval"] = "00:00:00.050",
    };

    [Fact]
    public async Task QueueGauges_ReportBacklogPendingAndOldestAge()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/v1/jobs", Json(Chat()), Ct)).EnsureSuccessStatusCode();
        }

        await Worker.TakeAsync(Ct);
        var meterFactory = Gateway.Services.GetRequiredService<IMeterFactory>();
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Name.StartsWith("platform.queue.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();

        // Without further requests, the gateway reads the queue by itself: 2 waiting, 1 delivered.
        for (var i = 0; i < 100 && !(values.GetValueOrDefault("platform.queue.backlog") == 2 && values.GetValueOrDefault("platform.queue.pending") == 1); i++)
        {
            await Task.Delay(100, Ct);
            listener.RecordObservableInstruments();
        }

        Assert.Equal(2, values["platform.queue.backlog"]);
        Assert.Equal(1, values["platform.queue.pending"]);
        Assert.Equal(0, values["platform.queue.scheduled"]);
        Assert.InRange(values["platform.queue.oldest_age"], 0.0, 60.0);
    }
}
