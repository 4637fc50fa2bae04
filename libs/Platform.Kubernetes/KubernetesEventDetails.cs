namespace Platform.Kubernetes;

/// <summary>What an events.k8s.io/v1 Event says about an object (see <see cref="KubernetesClient.CreateEventAsync"/>).</summary>
public sealed record KubernetesEventDetails
{
    /// <summary>The <c>Normal</c> event type.</summary>
    public const string Normal = "Normal";

    /// <summary>The <c>Warning</c> event type.</summary>
    public const string Warning = "Warning";

    /// <summary>Why, in UpperCamelCase, e.g. <c>ScaledUp</c>.</summary>
    public required string Reason { get; init; }

    /// <summary>What happened, for humans; truncated to 1024 characters as the API requires.</summary>
    public required string Note { get; init; }

    /// <summary><see cref="Normal"/> or <see cref="Warning"/>. Default: Normal.</summary>
    public string Type { get; init; } = Normal;

    /// <summary>The action taken or failed, e.g. <c>Scale</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The controller emitting the event, e.g. <c>platform.io/scalepolicy-operator</c>.</summary>
    public required string ReportingController { get; init; }

    /// <summary>The controller instance, typically the pod name.</summary>
    public required string ReportingInstance { get; init; }
}
