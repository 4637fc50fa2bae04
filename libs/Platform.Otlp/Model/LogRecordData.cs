namespace Platform.Otlp.Model;

/// <summary>One OTLP log record flattened together with its scope and resource.</summary>
public sealed record LogRecordData
{
    /// <summary>When the event happened (falls back to the observed time when the exporter omitted it).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>OTLP severity number (1-24; 9 = INFO, 13 = WARN, 17 = ERROR); 0 when unspecified.</summary>
    public int SeverityNumber { get; init; }

    /// <summary>Severity text as sent (e.g. <c>Information</c>); empty when not given.</summary>
    public string SeverityText { get; init; } = string.Empty;

    /// <summary>The body converted like an attribute value (usually the formatted message string).</summary>
    public object? Body { get; init; }

    /// <summary>Log attributes (the .NET exporter puts message template arguments here).</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>Trace id, 32 lowercase hex characters; empty when the log was written outside a trace.</summary>
    public string TraceId { get; init; } = string.Empty;

    /// <summary>Span id, 16 lowercase hex characters; empty when the log was written outside a span.</summary>
    public string SpanId { get; init; } = string.Empty;

    /// <summary>Event name; empty when not given.</summary>
    public string EventName { get; init; } = string.Empty;

    /// <summary>Instrumentation scope name (for .NET loggers: the category name).</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>The resource's attributes.</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>The <c>service.name</c> resource attribute, when present.</summary>
    public string? ServiceName => ResourceAttributes.TryGetValue("service.name", out var value) ? value as string : null;
}
