using System.Diagnostics;

namespace Platform.Otlp.Model;

/// <summary>One OTLP span flattened together with its scope and resource.</summary>
public sealed record SpanRecord
{
    /// <summary>Trace id, 32 lowercase hex characters.</summary>
    public required string TraceId { get; init; }

    /// <summary>Span id, 16 lowercase hex characters.</summary>
    public required string SpanId { get; init; }

    /// <summary>Parent span id, 16 lowercase hex characters; empty for a root span.</summary>
    public string ParentSpanId { get; init; } = string.Empty;

    /// <summary>Span name, e.g. <c>GET /v1/jobs/{id}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Span kind (OTLP's unspecified maps to <see cref="ActivityKind.Internal"/>).</summary>
    public ActivityKind Kind { get; init; }

    /// <summary>Start time.</summary>
    public DateTimeOffset StartTime { get; init; }

    /// <summary>End time.</summary>
    public DateTimeOffset EndTime { get; init; }

    /// <summary>Span status code.</summary>
    public ActivityStatusCode Status { get; init; }

    /// <summary>Status description; empty when not given.</summary>
    public string StatusMessage { get; init; } = string.Empty;

    /// <summary>W3C trace state; empty when not given.</summary>
    public string TraceState { get; init; } = string.Empty;

    /// <summary>Span attributes.</summary>
    public IReadOnlyDictionary<string, object?> Attributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>Span events.</summary>
    public IReadOnlyList<SpanEventRecord> Events { get; init; } = [];

    /// <summary>Span links.</summary>
    public IReadOnlyList<SpanLinkRecord> Links { get; init; } = [];

    /// <summary>The resource's attributes.</summary>
    public IReadOnlyDictionary<string, object?> ResourceAttributes { get; init; } = OtlpConverter.EmptyAttributes;

    /// <summary>Instrumentation scope (activity source) name.</summary>
    public string ScopeName { get; init; } = string.Empty;

    /// <summary>The <c>service.name</c> resource attribute, when present.</summary>
    public string? ServiceName => ResourceAttributes.TryGetValue("service.name", out var value) ? value as string : null;

    /// <summary>Duration (end minus start).</summary>
    public TimeSpan Duration => EndTime - StartTime;
}
