namespace Platform.Otlp;

/// <summary>Limits of the OTLP/HTTP receiver endpoints.</summary>
public sealed class OtlpReceiverOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OtlpReceiver";

    /// <summary>
    /// Largest accepted request body in bytes, checked both on the wire and after gzip decompression
    /// (a larger body gets 413). Default: 16 MiB.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;
}
