using Platform.Scaling.Decisions;

namespace Platform.Cli.Simulation;

/// <summary>The last few samples of one metric, as the operator keeps them per evaluation.</summary>
internal sealed class SampleRing
{
    private readonly MetricSample[] _samples;
    private int _count;
    private int _next;

    public SampleRing(int capacity) => _samples = new MetricSample[capacity];

    public void Add(DateTimeOffset time, double value)
    {
        _samples[_next] = new MetricSample(time, value);
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    public MetricWindow ToWindow()
    {
        var result = new MetricSample[_count];
        var start = (_next - _count + _samples.Length) % _samples.Length;
        for (var i = 0; i < _count; i++)
        {
            result[i] = _samples[(start + i) % _samples.Length];
        }

        return new MetricWindow(result);
    }
}
