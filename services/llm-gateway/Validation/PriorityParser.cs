using Platform.Jobs;

namespace Platform.Gateway.Validation;

/// <summary>Reads a priority from the <c>x-priority</c> header or the <c>priority</c> field.</summary>
internal static class PriorityParser
{
    public const string HeaderName = "x-priority";

    public static bool TryParse(string? value, out JobPriority priority)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case "high":
                priority = JobPriority.High;
                return true;
            case "normal":
            case "default":
                priority = JobPriority.Normal;
                return true;
            case "low":
            case "batch":
                priority = JobPriority.Low;
                return true;
            default:
                priority = JobPriority.Normal;
                return false;
        }
    }
}
