using System.Globalization;

namespace Platform.Cli.Simulation;

/// <summary>
/// Reads a request trace, detecting the format from the header: Azure (<c>TIMESTAMP,ContextTokens,GeneratedTokens</c>,
/// local timestamps with 7 fractional digits) or generic (<c>timestamp_seconds,input_tokens,output_tokens</c>).
/// </summary>
internal static class TraceReader
{
    public const string AzureHeader = "TIMESTAMP,ContextTokens,GeneratedTokens";
    public const string GenericHeader = "timestamp_seconds,input_tokens,output_tokens";

    public static TraceRequests Read(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        return Read(reader, path);
    }

    public static TraceRequests Read(TextReader reader, string name)
    {
        var header = reader.ReadLine()?.Trim().TrimStart('\uFEFF') ?? throw new FormatException($"{name}: the trace is empty.");
        var azure = string.Equals(header.Replace(" ", "", StringComparison.Ordinal), AzureHeader, StringComparison.OrdinalIgnoreCase);
        var generic = string.Equals(header.Replace(" ", "", StringComparison.Ordinal), GenericHeader, StringComparison.OrdinalIgnoreCase);
        if (!azure && !generic)
        {
            throw new FormatException($"{name}: unknown trace header '{header}'; expected '{AzureHeader}' or '{GenericHeader}'.");
        }

        var times = new List<double>(1 << 15);
        var input = new List<int>(1 << 15);
        var output = new List<int>(1 << 15);
        long origin = 0;
        var lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var span = line.AsSpan();
            var c1 = span.IndexOf(',');
            var c2 = c1 < 0 ? -1 : span[(c1 + 1)..].IndexOf(',') + c1 + 1;
            if (c1 < 0 || c2 <= c1)
            {
                throw new FormatException($"{name}:{lineNumber}: expected three comma-separated fields.");
            }

            double t;
            if (azure)
            {
                if (!DateTime.TryParseExact(span[..c1].Trim(), ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp))
                {
                    throw new FormatException($"{name}:{lineNumber}: '{span[..c1].ToString()}' is not a timestamp like 2023-11-16 18:15:46.6805900.");
                }

                if (times.Count == 0)
                {
                    origin = stamp.Ticks;
                }

                t = (stamp.Ticks - origin) / (double)TimeSpan.TicksPerSecond;
            }
            else if (!double.TryParse(span[..c1], NumberStyles.Float, CultureInfo.InvariantCulture, out t))
            {
                throw new FormatException($"{name}:{lineNumber}: '{span[..c1].ToString()}' is not a number of seconds.");
            }

            if (!int.TryParse(span[(c1 + 1)..c2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var inTokens)
                || !int.TryParse(span[(c2 + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var outTokens)
                || inTokens < 0 || outTokens < 0)
            {
                throw new FormatException($"{name}:{lineNumber}: token counts must be non-negative integers.");
            }

            times.Add(t);
            input.Add(inTokens);
            output.Add(outTokens);
        }

        var arrivals = times.ToArray();
        var inArr = input.ToArray();
        var outArr = output.ToArray();
        if (!IsSorted(arrivals))
        {
            var order = Enumerable.Range(0, arrivals.Length).ToArray();
            Array.Sort((double[])arrivals.Clone(), order);
            arrivals = [.. order.Select(i => arrivals[i])];
            inArr = [.. order.Select(i => inArr[i])];
            outArr = [.. order.Select(i => outArr[i])];
        }

        if (arrivals.Length > 0 && arrivals[0] != 0)
        {
            var first = arrivals[0];
            for (var i = 0; i < arrivals.Length; i++)
            {
                arrivals[i] -= first;
            }
        }

        return new TraceRequests(arrivals, inArr, outArr, azure ? "azure" : "generic");
    }

    private static bool IsSorted(double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }

        return true;
    }
}
