namespace Platform.Otlp.Model;

/// <summary>An event recorded on a span.</summary>
/// <param name="Name">Event name, e.g. <c>exception</c>.</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Attributes">Event attributes.</param>
public sealed record SpanEventRecord(string Name, DateTimeOffset Timestamp, IReadOnlyDictionary<string, object?> Attributes);
