using System.Globalization;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Short form (the normal test run) or long form (<c>PLATFORM_SOAK=1</c>) of the reliability scenarios, and where
/// their figures go: the test output, and a file named by <c>PLATFORM_SOAK_REPORT</c> when set.
/// </summary>
internal static class SoakMode
{
    private static readonly Lock ReportLock = new();

    /// <summary>True when <c>PLATFORM_SOAK=1</c>: the scenarios run at full length.</summary>
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("PLATFORM_SOAK") == "1";

    /// <summary>The short value, or the soak value when soaking.</summary>
    public static T Pick<T>(T shortForm, T soak) => Enabled ? soak : shortForm;

    /// <summary>Writes one figure line to the test output and to the report file, if any.</summary>
    public static void Report(string scenario, string line)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"[{(Enabled ? "soak" : "short")}] {scenario}: {line}");
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        if (Environment.GetEnvironmentVariable("PLATFORM_SOAK_REPORT") is { Length: > 0 } path)
        {
            lock (ReportLock)
            {
                File.AppendAllText(path, text + Environment.NewLine);
            }
        }
    }
}
