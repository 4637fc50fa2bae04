namespace Platform.Cli.Simulation;

/// <summary>A binary min-heap of (finish time, service time) pairs: the requests in service.</summary>
internal sealed class CompletionHeap
{
    private double[] _times;
    private double[] _service;

    public CompletionHeap(int capacity)
    {
        _times = new double[capacity];
        _service = new double[capacity];
    }

    public int Count { get; private set; }

    public double PeekTime => _times[0];

    public void Push(double time, double service)
    {
        if (Count == _times.Length)
        {
            Array.Resize(ref _times, Count * 2);
            Array.Resize(ref _service, Count * 2);
        }

        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_times[parent] <= time)
            {
                break;
            }

            _times[i] = _times[parent];
            _service[i] = _service[parent];
            i = parent;
        }

        _times[i] = time;
        _service[i] = service;
    }

    /// <summary>Removes the earliest completion and returns its service time.</summary>
    public double Pop()
    {
        var result = _service[0];
        var count = --Count;
        if (count == 0)
        {
            return result;
        }

        var time = _times[count];
        var service = _service[count];
        var i = 0;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && _times[child + 1] < _times[child])
            {
                child++;
            }

            if (_times[child] >= time)
            {
                break;
            }

            _times[i] = _times[child];
            _service[i] = _service[child];
            i = child;
        }

        _times[i] = time;
        _service[i] = service;
        return result;
    }
}
