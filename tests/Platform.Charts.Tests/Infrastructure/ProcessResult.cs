namespace Platform.Charts.Tests.Infrastructure;

/// <summary>What a finished tool process printed and returned.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string Output => StandardOutput + Environment.NewLine + StandardError;
}
