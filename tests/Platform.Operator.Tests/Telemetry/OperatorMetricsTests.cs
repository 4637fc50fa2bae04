using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Operator.History;
using Platform.Operator.Metrics;
using Platform.Operator.Reconciliation;
using Platform.Operator.Scaling;
using Platform.Operator.Telemetry;
using Platform.Scaling.Policy;

namespace Platform.Operator.Tests.Telemetry;

/// <summary>The metrics the chart's alerts read (platform_operator_reconciliations_total, platform_scalepolicy_*) are recorded.</summary>
public sealed class OperatorMetricsTests
{
    [Fact]
    public async Task ReconcileAsync_Scales_CountsSuccessAndReportsReplicaGauges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var recorder = new Recorder(services.GetRequiredService<IMeterFactory>());
        var target = new Target { Replicas = 1 };
        var controller = Create(target, services.GetRequiredService<IMeterFactory>());

        await controller.ReconcileAsync(Policy(), ct);

        var counted = Assert.Single(recorder.Measurements, m => m.Name == "platform.operator.reconciliations");
        Assert.Equal(1, counted.Value);
        Assert.Equal("success", counted.Tags["outcome"]);
        Assert.Equal("llm", counted.Tags["namespace"]);
        Assert.Equal("llm-worker", counted.Tags["scalepolicy"]);

        recorder.Collect();
        // 32 jobs at 8 per replica: desired 4; current is what the target had when the decision was made.
        Assert.Equal(4, recorder.Last("platform.scalepolicy.desired_replicas").Value);
        Assert.Equal(1, recorder.Last("platform.scalepolicy.current_replicas").Value);
        Assert.Equal(1, recorder.Last("platform.scalepolicy.min_replicas").Value);
        Assert.Equal(10, recorder.Last("platform.scalepolicy.max_replicas").Value);
        Assert.All(recorder.Measurements.Where(m => m.Name.StartsWith("platform.scalepolicy.", StringComparison.Ordinal)), m =>
        {
            Assert.Equal("llm", m.Tags["namespace"]);
            Assert.Equal("llm-worker", m.Tags["scalepolicy"]);
        });
    }

    [Fact]
    public async Task ReconcileAsync_TargetUnreadableOrScaleFails_CountsErrors()
    {
        var ct = TestContext.Current.CancellationToken;
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var recorder = new Recorder(services.GetRequiredService<IMeterFactory>());
        var target = new Target { Replicas = 1, FailReads = true };
        var controller = Create(target, services.GetRequiredService<IMeterFactory>());

        await controller.ReconcileAsync(Policy(), ct);
        target.FailReads = false;
        target.FailScales = true;
        await controller.ReconcileAsync(Policy(), ct);
        target.FailScales = false;
        await controller.ReconcileAsync(Policy(), ct);

        var outcomes = recorder.Measurements.Where(m => m.Name == "platform.operator.reconciliations").Select(m => m.Tags["outcome"]).ToList();
        Assert.Equal(["error", "error", "success"], outcomes);
    }

    private static ScalePolicyController Create(IScaleTarget target, IMeterFactory meterFactory)
    {
        var options = Options.Create(new OperatorOptions());
        var history = new PolicyHistoryStore(options);
        return new ScalePolicyController(
            [new ConstantBacklog(32)], target, new NullWriter(), history, options, TimeProvider.System, NullLogger<ScalePolicyController>.Instance,
            new OperatorMetrics(meterFactory, history));
    }

    private static V1Alpha1ScalePolicy Policy() => new()
    {
        Metadata = new ObjectMeta { Name = "llm-worker", Namespace = "llm", Generation = 1 },
        Spec = new V1Alpha1ScalePolicy.PolicySpec
        {
            TargetRef = new TargetReference { Name = "llm-worker" },
            MinReplicas = 1,
            MaxReplicas = 10,
            EvaluationInterval = Duration.FromSeconds(1),
            Metrics = [new MetricSpec { Type = MetricType.QueueBacklog, Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" }, TargetPerReplica = 8 }],
        },
    };

    private sealed record Measured(string Name, double Value, Dictionary<string, object?> Tags);

    /// <summary>Listens to the instruments of one meter factory only, so parallel tests do not interfere.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Lock _lock = new();
        private readonly List<Measured> _measurements = [];

        public Recorder(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == OperatorMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public IReadOnlyList<Measured> Measurements
        {
            get
            {
                lock (_lock)
                {
                    return [.. _measurements];
                }
            }
        }

        public void Collect() => _listener.RecordObservableInstruments();

        public Measured Last(string name) => Measurements.Last(m => m.Name == name);

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (_lock)
            {
                _measurements.Add(new Measured(instrument.Name, value, copy));
            }
        }
    }

    private sealed class ConstantBacklog(double value) : IMetricSource
    {
        public bool Supports(MetricType type) => true;

        public Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken) => Task.FromResult(new MetricReading { Value = value });
    }

    private sealed class Target : IScaleTarget
    {
        public int Replicas { get; set; }

        public bool FailReads { get; set; }

        public bool FailScales { get; set; }

        public Task<TargetScale> GetAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken) =>
            FailReads ? throw new ScaleTargetException("injected: the target cannot be read") : Task.FromResult(new TargetScale(Replicas, Replicas));

        public Task ScaleAsync(V1Alpha1ScalePolicy policy, int replicas, CancellationToken cancellationToken)
        {
            if (FailScales)
            {
                throw new ScaleTargetException("injected: the API server answered 500");
            }

            Replicas = replicas;
            return Task.CompletedTask;
        }
    }

    private sealed class NullWriter : IPolicyStatusWriter
    {
        public Task WriteStatusAsync(V1Alpha1ScalePolicy policy, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RecordEventAsync(V1Alpha1ScalePolicy policy, PolicyEvent policyEvent, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
