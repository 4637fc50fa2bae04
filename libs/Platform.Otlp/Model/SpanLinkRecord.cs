namespace Platform.Otlp.Model;

/// <summary>A link from a span to another span.</summary>
/// <param name="TraceId">Linked trace id, 32 lowercase hex characters.</param>
/// <param name="SpanId">Linked span id, 16 lowercase hex characters.</param>
/// <param name="Attributes">Link attributes.</param>
public sealed record SpanLinkRecord(string TraceId, string SpanId, IReadOnlyDictionary<string, object?> Attributes);
