using Platform.Operator.Reconciliation;
using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Operator.History;

/// <summary>One policy's recent decisions, samples and events, each bounded to the configured length.</summary>
internal sealed class PolicyHistory(string namespaceName, string name, int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<DecisionRecord> _decisions = new();
    private readonly Queue<SampleRecord> _samples = new();
    private readonly Queue<EventRecord> _events = new();
    private V1Alpha1ScalePolicy.PolicyStatus? _status;
    private IReadOnlyList<string> _problems = [];

    /// <summary>The policy as last reconciled.</summary>
    public V1Alpha1ScalePolicy? Policy { get; set; }

    /// <summary>Records a decision.</summary>
    public void AddDecision(ScaleDecision decision, bool applied)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Add(_decisions, new DecisionRecord(decision.Time, decision.CurrentReplicas, decision.DesiredReplicas, decision.Reactive, decision.Predictive,
            decision.Limit.ToString(), decision.Preview, applied, decision.Reason));
    }

    /// <summary>Records a metric sample (null value: the read failed, with <paramref name="error"/>).</summary>
    public void AddSample(DateTimeOffset time, int index, MetricType type, double? value, string? error) =>
        Add(_samples, new SampleRecord(time, index, type.ToString(), value, error));

    /// <summary>Records an event.</summary>
    public void AddEvent(DateTimeOffset time, PolicyEvent policyEvent)
    {
        ArgumentNullException.ThrowIfNull(policyEvent);
        Add(_events, new EventRecord(time, policyEvent.Type, policyEvent.Reason, policyEvent.Note));
    }

    /// <summary>Sets the latest status and validation problems.</summary>
    public void SetStatus(V1Alpha1ScalePolicy.PolicyStatus status, IReadOnlyList<string> problems)
    {
        lock (_lock)
        {
            _status = status;
            _problems = problems;
        }
    }

    /// <summary>A copy for the API.</summary>
    public PolicyView ToView()
    {
        lock (_lock)
        {
            var spec = Policy?.Spec;
            return new PolicyView
            {
                Namespace = namespaceName,
                Name = name,
                Spec = spec is null ? null : new PolicySummary(
                    spec.TargetRef.Kind + "/" + spec.TargetRef.Name, spec.Mode.ToString(), spec.MinReplicas, spec.MaxReplicas, spec.Preview,
                    spec.EvaluationInterval.ToString(), [.. spec.Metrics.Select(m => m.Type.ToString())]),
                Status = _status,
                Problems = _problems,
                Forecast = _status?.Forecast,
                Decisions = [.. _decisions],
                Samples = [.. _samples],
                Events = [.. _events],
                Policy = Policy,
            };
        }
    }

    private void Add<T>(Queue<T> queue, T item)
    {
        lock (_lock)
        {
            queue.Enqueue(item);
            while (queue.Count > capacity)
            {
                queue.Dequeue();
            }
        }
    }
}
