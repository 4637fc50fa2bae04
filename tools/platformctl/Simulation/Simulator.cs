using Platform.Scaling.Decisions;
using Platform.Scaling.Policy;

namespace Platform.Cli.Simulation;

/// <summary>
/// Discrete-event replay of a trace through a model of the cluster, driving <see cref="ScalingCalculator"/> exactly
/// as the operator does: every evaluation interval it gathers the queue backlog (waiting + in service), the arrival
/// rate over the interval and the measured service rate, asks for a decision and applies it; new replicas become
/// ready after the start-up delay, removed ones stop taking work at once. Deterministic: no clock, no randomness.
/// </summary>
internal sealed class Simulator
{
    private const double OracleWindowSeconds = 30;
    private const double RateWindowSeconds = 30;
    private readonly TraceRequests _trace;
    private readonly ClusterProfile _profile;
    private readonly V1Alpha1ScalePolicy.PolicySpec _policy;
    private readonly double _sloWait;
    private readonly double[] _service;
    private readonly double[] _workPrefix;
    private readonly int _initialReplicas;

    public Simulator(TraceRequests trace, ClusterProfile profile, V1Alpha1ScalePolicy.PolicySpec policy, double sloWaitSeconds)
    {
        _trace = trace;
        _profile = profile;
        _policy = policy;
        _sloWait = sloWaitSeconds;
        _service = new double[trace.Count];
        for (var i = 0; i < trace.Count; i++)
        {
            _service[i] = profile.ServiceTime(trace.InputTokens[i], trace.OutputTokens[i]);
        }

        // Offered work (service seconds) by arrival second, as a prefix sum: the oracle's exact view of future load.
        var seconds = (int)Math.Ceiling(trace.Duration) + 2;
        _workPrefix = new double[seconds + 1];
        for (var i = 0; i < trace.Count; i++)
        {
            _workPrefix[(int)trace.Arrivals[i] + 1] += _service[i];
        }

        for (var s = 1; s < _workPrefix.Length; s++)
        {
            _workPrefix[s] += _workPrefix[s - 1];
        }

        // A warm start: the cluster begins sized for the load it is about to see (the oracle's first decision),
        // so that every run starts from the same, sensible state.
        _initialReplicas = profile.InitialReplicas ?? OracleReplicas(0, policy.EvaluationInterval.TotalSeconds, profile.StartupDelaySeconds, 0, 1, profile.ConcurrencyPerReplica, policy);
    }

    /// <summary>Replays the whole trace with one decision maker.</summary>
    public RunResult Run(RunKind kind, Action<double>? progress = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var spec = kind == RunKind.Oracle ? _policy : ForMode(_policy, kind);
        var n = _trace.Count;
        var arrivals = _trace.Arrivals;
        var conc = _profile.ConcurrencyPerReplica;
        var interval = spec.EvaluationInterval.TotalSeconds;
        var startup = _profile.StartupDelaySeconds;
        var waits = new float[n];
        var heap = new CompletionHeap(1024);
        var queue = new int[Math.Max(1, n)];
        int qHead = 0, qTail = 0;
        var waitingWork = 0.0;
        var ready = _initialReplicas;
        var starting = new List<double>();
        var startingHead = 0;
        var next = 0;
        var dispatched = 0;
        var t = 0.0;
        var nextTick = interval;
        var lastTickArrivals = 0;
        double replicaSeconds = 0;
        var scaleActions = 0;
        var maxReplicas = ready;
        double? serviceTimeEwma = null;
        var state = ScalingState.Empty;
        var series = new SeriesData();
        var window = Math.Max(1, (int)Math.Ceiling((spec.Panic?.Window.TotalSeconds ?? interval) / interval));
        var backlogSamples = new SampleRing(window);
        // The operator keeps 30 s of arrival-rate samples (like a Prometheus rate over [30s]); capacity uses their mean.
        var rateSamples = new SampleRing(Math.Max(window, (int)Math.Ceiling(RateWindowSeconds / interval)));
        var epoch = DateTimeOffset.UnixEpoch;
        var targetWait = TargetWait(spec);
        var progressEvery = Math.Max(1, n / 200);

        // Bounded: a policy that never provides capacity stops one day after the last arrival; the rest count as violations.
        var deadline = (n == 0 ? 0 : arrivals[^1]) + 86_400;
        while (dispatched < n && t <= deadline)
        {
            var tArrival = next < n ? arrivals[next] : double.PositiveInfinity;
            var tDone = heap.Count > 0 ? heap.PeekTime : double.PositiveInfinity;
            var tReady = startingHead < starting.Count ? starting[startingHead] : double.PositiveInfinity;
            var tNext = Math.Min(Math.Min(tArrival, tDone), Math.Min(tReady, nextTick));
            replicaSeconds += (ready + starting.Count - startingHead) * (tNext - t);
            t = tNext;

            if (tDone == t)
            {
                var serviceTime = heap.Pop();
                serviceTimeEwma = serviceTimeEwma is { } e ? e + (0.01 * (serviceTime - e)) : serviceTime;
            }
            else if (tReady == t)
            {
                startingHead++;
                ready++;
            }
            else if (tArrival == t)
            {
                queue[qTail++] = next;
                waitingWork += _service[next];
                next++;
                if (progress is not null && next % progressEvery == 0)
                {
                    progress((double)next / n);
                }
            }
            else
            {
                // Evaluation tick: gather → decide → act, as the operator does.
                var arrivalRate = (next - lastTickArrivals) / interval;
                lastTickArrivals = next;
                var waiting = qTail - qHead;
                var inService = heap.Count;
                var current = ready + starting.Count - startingHead;
                int desired;
                double forecast = double.NaN;
                if (kind == RunKind.Oracle)
                {
                    desired = OracleReplicas(t, interval, startup, waitingWork, targetWait, conc, spec);
                }
                else
                {
                    var now = epoch.AddSeconds(t);
                    backlogSamples.Add(now, waiting + inService);
                    rateSamples.Add(now, arrivalRate);
                    var snapshot = new ScalingSnapshot
                    {
                        Policy = spec,
                        Now = now,
                        CurrentReplicas = current,
                        ReadyReplicas = ready,
                        Metrics = BuildMetrics(spec, backlogSamples, rateSamples),
                        ArrivalRate = rateSamples.ToWindow(),
                        ServiceRatePerReplica = serviceTimeEwma is { } s && s > 0 ? conc / s : null,
                        InFlight = inService,
                    };
                    var decision = ScalingCalculator.Decide(snapshot, state);
                    state = decision.NextState;
                    desired = decision.DesiredReplicas;
                    forecast = decision.Forecast?.UpperBound ?? double.NaN;
                }

                if (desired != current)
                {
                    scaleActions++;
                    if (desired > current)
                    {
                        for (var k = current; k < desired; k++)
                        {
                            starting.Add(t + startup);
                        }
                    }
                    else
                    {
                        // Kubernetes deletes not-yet-ready pods first; the newest first.
                        var remove = current - desired;
                        while (remove > 0 && starting.Count > startingHead)
                        {
                            starting.RemoveAt(starting.Count - 1);
                            remove--;
                        }

                        ready -= remove;
                    }
                }

                if (startingHead > 1024 && startingHead == starting.Count)
                {
                    starting.Clear();
                    startingHead = 0;
                }

                var total = ready + starting.Count - startingHead;
                maxReplicas = Math.Max(maxReplicas, total);
                series.Time.Add(t);
                series.ArrivalRate.Add(arrivalRate);
                series.Replicas.Add(total);
                series.Forecast.Add(forecast);
                nextTick += interval;
            }

            // Dispatch FIFO while ready replicas have free slots (removed replicas drain and take no new work).
            var capacity = ready * conc;
            while (qHead < qTail && heap.Count < capacity)
            {
                var i = queue[qHead++];
                waitingWork -= _service[i];
                waits[i] = (float)(t - arrivals[i]);
                heap.Push(t + _service[i], _service[i]);
                dispatched++;
            }

            if (qHead == qTail)
            {
                waitingWork = 0;
            }
        }

        for (var k = qHead; k < qTail; k++)
        {
            waits[queue[k]] = float.PositiveInfinity;
        }

        progress?.Invoke(1);
        return Summarize(kind, waits, replicaSeconds, scaleActions, maxReplicas, series, started);
    }

    /// <summary>The policy spec with the run's mode, only the metrics the simulator can produce, and never preview.</summary>
    internal static V1Alpha1ScalePolicy.PolicySpec ForMode(V1Alpha1ScalePolicy.PolicySpec policy, RunKind kind) => new()
    {
        TargetRef = policy.TargetRef,
        MinReplicas = policy.MinReplicas,
        MaxReplicas = policy.MaxReplicas,
        Mode = kind switch { RunKind.Predictive => ScaleMode.Predictive, RunKind.Hybrid => ScaleMode.Hybrid, _ => ScaleMode.Reactive },
        Preview = false,
        EvaluationInterval = policy.EvaluationInterval,
        Tolerance = policy.Tolerance,
        Metrics = [.. policy.Metrics.Where(IsSimulated)],
        Prediction = policy.Prediction ?? new PredictionSpec(),
        Behavior = policy.Behavior,
        Panic = policy.Panic,
        ScaleToZero = policy.ScaleToZero,
        Fallback = policy.Fallback,
    };

    internal static bool IsSimulated(MetricSpec metric) => metric.Type is MetricType.QueueBacklog or MetricType.ArrivalRate;

    private static List<MetricWindow> BuildMetrics(V1Alpha1ScalePolicy.PolicySpec spec, SampleRing backlog, SampleRing rate)
    {
        var metrics = new List<MetricWindow>(spec.Metrics.Count);
        foreach (var metric in spec.Metrics)
        {
            metrics.Add(metric.Type == MetricType.QueueBacklog ? backlog.ToWindow() : rate.ToWindow());
        }

        return metrics;
    }

    private double TargetWait(V1Alpha1ScalePolicy.PolicySpec spec)
    {
        foreach (var metric in spec.Metrics)
        {
            if (metric.TargetWait is { } wait)
            {
                return wait.TotalSeconds;
            }
        }

        return _sloWait;
    }

    /// <summary>
    /// The oracle: the most offered load (service seconds per second) over any 30 s window that starts between now
    /// and one start-up delay plus one interval ahead, plus the exact waiting work cleared within the target wait,
    /// divided by the concurrency of one replica. Clamped to min/max; no stabilization or rate limits.
    /// </summary>
    private int OracleReplicas(double t, double interval, double startup, double waitingWork, double targetWait, int conc, V1Alpha1ScalePolicy.PolicySpec spec)
    {
        var lookahead = startup + interval;
        var maxLoad = 0.0;
        for (var a = t; a <= t + lookahead; a += 1)
        {
            maxLoad = Math.Max(maxLoad, WorkRate(a, OracleWindowSeconds));
        }

        var needed = (maxLoad + (waitingWork / targetWait)) / conc;
        return Math.Clamp((int)Math.Ceiling(needed - 1e-9), Math.Max(1, spec.MinReplicas), spec.MaxReplicas);
    }

    /// <summary>Offered work per second over [start, start + length).</summary>
    private double WorkRate(double start, double length)
    {
        var last = _workPrefix.Length - 1;
        var a = Math.Clamp((int)start, 0, last);
        var b = Math.Clamp((int)(start + length), 0, last);
        // Near the end of the trace the window is cut short; average over what remains.
        return b <= a ? 0 : (_workPrefix[b] - _workPrefix[a]) / Math.Min(length, b - a);
    }

    private RunResult Summarize(RunKind kind, float[] waits, double replicaSeconds, int scaleActions, int maxReplicas, SeriesData series, long started)
    {
        var n = waits.Length;
        var within = 0;
        var violating = 0;
        var violatingList = new List<long>();
        var minuteStart = 0;
        while (minuteStart < n)
        {
            var minute = (long)(_trace.Arrivals[minuteStart] / 60);
            var end = minuteStart;
            var exceeding = 0;
            while (end < n && (long)(_trace.Arrivals[end] / 60) == minute)
            {
                if (waits[end] > _sloWait)
                {
                    exceeding++;
                }

                end++;
            }

            var count = end - minuteStart;
            within += count - exceeding;

            // Nearest-rank p95 exceeds the SLO when more than count − ceil(0.95 × count) waits do.
            if (exceeding > count - (int)Math.Ceiling(0.95 * count))
            {
                violating++;
                violatingList.Add(minute);
            }

            minuteStart = end;
        }

        var sorted = (float[])waits.Clone();
        Array.Sort(sorted);
        return new RunResult
        {
            Name = kind.ToString().ToLowerInvariant(),
            Requests = n,
            SloWaitSeconds = _sloWait,
            SloAttainment = n == 0 ? 1 : (double)within / n,
            WaitP50 = Percentile(sorted, 0.50),
            WaitP95 = Percentile(sorted, 0.95),
            WaitP99 = Percentile(sorted, 0.99),
            ViolatingMinutes = violating,
            ViolatingMinuteIndices = violatingList,
            ReplicaSeconds = Math.Round(replicaSeconds, 1),
            ScaleActions = scaleActions,
            MaxReplicas = maxReplicas,
            WallSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            Series = series,
        };
    }

    private static double Percentile(float[] sorted, double p) =>
        sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 3);
}
