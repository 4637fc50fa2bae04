using System.Globalization;

namespace Platform.Scaling.Tests.Forecasting;

/// <summary>Locates ../shared/traces next to the repository (the directory holding Platform.sln) and reads the Azure trace.</summary>
internal static class AzureTrace
{
    public static string? Path()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Platform.sln")))
            {
                var trace = System.IO.Path.Combine(dir.FullName, "..", "shared", "traces", "AzureLLMInferenceTrace_conv.csv");
                return File.Exists(trace) ? System.IO.Path.GetFullPath(trace) : null;
            }
        }

        return null;
    }

    /// <summary>Arrival rate (requests per second) per bucket of <paramref name="bucketSeconds"/>, or null if the trace is absent.</summary>
    public static double[]? BucketRates(int bucketSeconds)
    {
        if (Path() is not { } path)
        {
            return null;
        }

        var counts = new List<int>();
        DateTime? origin = null;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var stamp = DateTime.ParseExact(line[..line.IndexOf(',', StringComparison.Ordinal)], "yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            origin ??= stamp;
            var bucket = (int)((stamp - origin.Value).TotalSeconds / bucketSeconds);
            while (counts.Count <= bucket)
            {
                counts.Add(0);
            }

            counts[bucket]++;
        }

        // The last bucket is partial; drop it.
        return [.. counts.Take(counts.Count - 1).Select(c => c / (double)bucketSeconds)];
    }
}
