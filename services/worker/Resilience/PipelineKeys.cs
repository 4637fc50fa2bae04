using Polly;

namespace Platform.Worker.Resilience;

/// <summary>Properties the pipeline's strategies read from the resilience context.</summary>
internal static class PipelineKeys
{
    public static readonly ResiliencePropertyKey<CallProgress> Progress = new("platform.progress");
}
