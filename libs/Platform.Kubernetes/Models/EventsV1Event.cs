using System.Text.Json.Serialization;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes.Models;

/// <summary>An events.k8s.io/v1 Event.</summary>
public sealed class EventsV1Event : IKubernetesObject
{
    /// <inheritdoc />
    public string? ApiVersion { get; set; } = "events.k8s.io/v1";

    /// <inheritdoc />
    public string? Kind { get; set; } = "Event";

    /// <inheritdoc />
    public ObjectMeta Metadata { get; set; } = new();

    /// <summary>When the event was first observed (MicroTime, required).</summary>
    [JsonConverter(typeof(MicroTimeConverter))]
    public DateTimeOffset? EventTime { get; set; }

    /// <summary>The object this event is about.</summary>
    public V1ObjectReference? Regarding { get; set; }

    /// <summary>Why the action was taken, in UpperCamelCase (e.g. <c>ScaledUp</c>).</summary>
    public string? Reason { get; set; }

    /// <summary>What happened, for humans (at most 1 kB).</summary>
    public string? Note { get; set; }

    /// <summary><c>Normal</c> or <c>Warning</c>.</summary>
    public string? Type { get; set; }

    /// <summary>What action was taken or failed (e.g. <c>Scale</c>).</summary>
    public string? Action { get; set; }

    /// <summary>The controller that emitted the event, e.g. <c>platform.io/scalepolicy-operator</c>.</summary>
    public string? ReportingController { get; set; }

    /// <summary>The controller instance (pod name) that emitted the event.</summary>
    public string? ReportingInstance { get; set; }
}
