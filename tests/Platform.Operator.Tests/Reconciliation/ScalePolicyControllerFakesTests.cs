using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Operator.History;
using Platform.Operator.Metrics;
using Platform.Operator.Reconciliation;
using Platform.Operator.Scaling;
using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Operator.Tests.Reconciliation;

/// <summary>The reconciler with in-memory fakes: what it does when acting fails.</summary>
public sealed class ScalePolicyControllerFakesTests
{
    [Fact]
    public async Task ReconcileAsync_ScaleCallFails_KeepsPreviousStateSoTheRetryIsNotRateLimited()
    {
        var ct = TestContext.Current.CancellationToken;
        var target = new InMemoryTarget { Replicas = 1, FailuresLeft = 1 };
        var writer = new RecordingWriter();
        var controller = Create(target, writer, backlog: 32);
        var policy = Policy();

        // 32 jobs at 8 per replica: 4. The first scale call fails: nothing changes, a Warning says why.
        var first = await controller.ReconcileAsync(policy, ct);
        Assert.Equal(4, first!.DesiredReplicas);
        Assert.Equal(1, target.Replicas);
        Assert.Contains(writer.Events, e => e.Reason == "FailedRescale" && e.Type == "Warning");
        Assert.Equal("False", writer.Statuses[^1].Conditions.Single(c => c.Type == ScalePolicyCondition.AbleToScale).Status);

        // The retry decides from the state before the failed call: had the failed +3 been recorded as a scale
        // event, the Pods/Percent rate policy would hold it back; it scales straight to 4.
        var second = await controller.ReconcileAsync(policy, ct);
        Assert.Equal(4, second!.DesiredReplicas);
        Assert.Equal(4, target.Replicas);
        Assert.Contains(writer.Events, e => e.Reason == "ScaledUp" && e.Note.StartsWith("1 -> 4", StringComparison.Ordinal));
        Assert.Equal("True", writer.Statuses[^1].Conditions.Single(c => c.Type == ScalePolicyCondition.AbleToScale).Status);
    }

    [Fact]
    public async Task ReconcileAsync_QuietEvaluations_WriteStatusOnlyWhenItChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        var writer = new RecordingWriter();
        var controller = Create(new InMemoryTarget { Replicas = 2 }, writer, backlog: 16);
        var policy = Policy();

        for (var i = 0; i < 5; i++)
        {
            await controller.ReconcileAsync(policy, ct);
        }

        Assert.Single(writer.Statuses);
    }

    private static ScalePolicyController Create(IScaleTarget target, IPolicyStatusWriter writer, double backlog)
    {
        var options = Options.Create(new OperatorOptions());
        return new ScalePolicyController([new ConstantSource(backlog)], target, writer, new PolicyHistoryStore(options), options, TimeProvider.System, NullLogger<ScalePolicyController>.Instance);
    }

    private static V1Alpha1ScalePolicy Policy() => new()
    {
        Metadata = new Platform.Scaling.Policy.ObjectMeta { Name = "p", Namespace = "default", Generation = 1 },
        Spec = new V1Alpha1ScalePolicy.PolicySpec
        {
            TargetRef = new TargetReference { Name = "w" },
            MinReplicas = 1,
            MaxReplicas = 10,
            EvaluationInterval = Duration.FromSeconds(1),
            Metrics = [new MetricSpec { Type = MetricType.QueueBacklog, Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" }, TargetPerReplica = 8 }],
            Behavior = new ScalingBehavior
            {
                ScaleUp = new ScalingRules { Policies = [new ScalingPolicy { Type = ScalingPolicyType.Pods, Value = 3, PeriodSeconds = 60 }] },
            },
        },
    };

    private sealed class ConstantSource(double value) : IMetricSource
    {
        public bool Supports(MetricType type) => true;

        public Task<MetricReading> ReadAsync(MetricSpec metric, CancellationToken cancellationToken) => Task.FromResult(new MetricReading { Value = value });
    }

    private sealed class InMemoryTarget : IScaleTarget
    {
        public int Replicas { get; set; }

        public int FailuresLeft { get; set; }

        public Task<TargetScale> GetAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken) => Task.FromResult(new TargetScale(Replicas, Replicas));

        public Task ScaleAsync(V1Alpha1ScalePolicy policy, int replicas, CancellationToken cancellationToken)
        {
            if (FailuresLeft-- > 0)
            {
                throw new ScaleTargetException("injected: the API server answered 500");
            }

            Replicas = replicas;
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingWriter : IPolicyStatusWriter
    {
        public List<V1Alpha1ScalePolicy.PolicyStatus> Statuses { get; } = [];

        public List<PolicyEvent> Events { get; } = [];

        public Task WriteStatusAsync(V1Alpha1ScalePolicy policy, V1Alpha1ScalePolicy.PolicyStatus status, CancellationToken cancellationToken)
        {
            Statuses.Add(status);
            return Task.CompletedTask;
        }

        public Task RecordEventAsync(V1Alpha1ScalePolicy policy, PolicyEvent policyEvent, CancellationToken cancellationToken)
        {
            Events.Add(policyEvent);
            return Task.CompletedTask;
        }
    }
}
