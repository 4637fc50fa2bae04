namespace Platform.Cli.Simulation;

/// <summary>A trace as parallel arrays, sorted by arrival: seconds since the first request, input and output tokens.</summary>
internal sealed class TraceRequests
{
    public TraceRequests(double[] arrivals, int[] inputTokens, int[] outputTokens, string format)
    {
        Arrivals = arrivals;
        InputTokens = inputTokens;
        OutputTokens = outputTokens;
        Format = format;
    }

    public double[] Arrivals { get; }

    public int[] InputTokens { get; }

    public int[] OutputTokens { get; }

    /// <summary>"azure" or "generic".</summary>
    public string Format { get; }

    public int Count => Arrivals.Length;

    /// <summary>Seconds from the first to the last arrival.</summary>
    public double Duration => Count == 0 ? 0 : Arrivals[^1] - Arrivals[0];

    /// <summary>The trace repeated <paramref name="times"/> times back to back (one mean gap between copies).</summary>
    public TraceRequests Repeat(int times)
    {
        if (times <= 1 || Count == 0)
        {
            return this;
        }

        var gap = Count > 1 ? Duration / (Count - 1) : 1;
        var period = Duration + gap;
        var n = Count;
        var arrivals = new double[n * times];
        var input = new int[n * times];
        var output = new int[n * times];
        for (var t = 0; t < times; t++)
        {
            for (var i = 0; i < n; i++)
            {
                arrivals[(t * n) + i] = Arrivals[i] + (t * period);
            }

            Array.Copy(InputTokens, 0, input, t * n, n);
            Array.Copy(OutputTokens, 0, output, t * n, n);
        }

        return new TraceRequests(arrivals, input, output, Format);
    }

    /// <summary>The first <paramref name="count"/> requests.</summary>
    public TraceRequests Take(int count) =>
        count >= Count ? this : new TraceRequests(Arrivals[..count], InputTokens[..count], OutputTokens[..count], Format);
}
