using System.Globalization;
using System.Text;

namespace Platform.AppHost;

/// <summary>What the AppHost prints once everything is healthy: where to go and a request to paste.</summary>
internal static class ReadyBanner
{
    public static string Format(PlatformResources platform)
    {
        var gateway = platform.Gateway.Resource.Url.ToString().TrimEnd('/');
        var key = platform.Settings.ApiKey;
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine("The platform is running. Press Ctrl+C to stop everything.");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Gateway:     {gateway}");
        text.AppendLine(platform.Operator is { } op
            ? string.Create(CultureInfo.InvariantCulture, $"  Dashboard:   {op.Resource.Url}")
            : "  Dashboard:   (not started: operator/ has no project yet)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  API key:     {key}   (development only)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Scale API:   {platform.ScaleEndpoint.Resource.Url}/llm-worker");
        text.AppendLine();
        text.AppendLine("Try it:");
        text.AppendLine(CultureInfo.InvariantCulture, $"  curl -s {gateway}/v1/chat/completions \\");
        text.AppendLine(CultureInfo.InvariantCulture, $"    -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' \\");
        text.AppendLine("    -d '{\"model\":\"sim-small\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}],\"max_tokens\":32}'");
        text.AppendLine();
        text.AppendLine("Replay a trace (the operator scales the workers):");
        text.AppendLine(CultureInfo.InvariantCulture, $"  dotnet run --project tools/platformctl -- load --trace ../shared/traces/AzureLLMInferenceTrace_conv.csv --gateway {gateway} --api-key {key} --speed 5 --duration 2m");
        return text.ToString();
    }
}
