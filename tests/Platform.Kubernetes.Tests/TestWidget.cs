using Platform.Kubernetes.Models;

namespace Platform.Kubernetes.Tests;

/// <summary>A custom resource defined only in the tests: proves custom resources plug in without library changes.</summary>
internal sealed class TestWidget : KubernetesObject<TestWidget.WidgetSpec, TestWidget.WidgetStatus>
{
    public static readonly ResourceDescriptor Resource = new("example.io", "v1", "widgets", Namespaced: true);

    public TestWidget()
    {
        ApiVersion = "example.io/v1";
        Kind = "Widget";
    }

    public static TestWidget Named(string name, string color = "red", int replicas = 1) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", Labels = new() { ["app"] = "widget" } },
        Spec = new WidgetSpec { Color = color, Replicas = replicas },
    };

    internal sealed class WidgetSpec
    {
        public string? Color { get; set; }

        public int? Replicas { get; set; }
    }

    internal sealed class WidgetStatus
    {
        public string? Phase { get; set; }

        public int? Replicas { get; set; }
    }
}
