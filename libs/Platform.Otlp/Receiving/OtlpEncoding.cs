namespace Platform.Otlp.Receiving;

/// <summary>The two OTLP/HTTP body encodings.</summary>
internal enum OtlpEncoding
{
    Protobuf,
    Json,
}
