using Platform.Kubernetes;
using Platform.Kubernetes.Models;
using Platform.Scaling.Policy;

namespace Platform.Operator.Kubernetes;

/// <summary>
/// The ScalePolicy as the Kubernetes client sees it (metadata in the client's model), converted to and from the
/// scaling core's <see cref="V1Alpha1ScalePolicy"/>.
/// </summary>
internal sealed class ScalePolicyResource : KubernetesObject<V1Alpha1ScalePolicy.PolicySpec, V1Alpha1ScalePolicy.PolicyStatus>
{
    /// <summary>The ScalePolicy resource: <c>autoscaling.llmplatform.dev/v1alpha1</c>, <c>scalepolicies</c>, namespaced.</summary>
    public static ResourceDescriptor Descriptor { get; } = new(V1Alpha1ScalePolicy.Group, V1Alpha1ScalePolicy.Version, V1Alpha1ScalePolicy.Plural, Namespaced: true);

    public ScalePolicyResource()
    {
        ApiVersion = V1Alpha1ScalePolicy.Group + "/" + V1Alpha1ScalePolicy.Version;
        Kind = V1Alpha1ScalePolicy.KindName;
    }

    /// <summary>The scaling core's view of this resource.</summary>
    public V1Alpha1ScalePolicy ToPolicy() => new()
    {
        Metadata = new Platform.Scaling.Policy.ObjectMeta
        {
            Name = Metadata.Name,
            Namespace = Metadata.Namespace,
            Generation = Metadata.Generation,
            ResourceVersion = Metadata.ResourceVersion,
            Uid = Metadata.Uid,
            Labels = Metadata.Labels,
            Annotations = Metadata.Annotations,
        },
        Spec = Spec,
        Status = Status,
    };

    /// <summary>An object reference to <paramref name="policy"/> for events.</summary>
    public static ScalePolicyResource Reference(V1Alpha1ScalePolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new ScalePolicyResource
        {
            Metadata = new Platform.Kubernetes.Models.ObjectMeta
            {
                Name = policy.Metadata.Name,
                Namespace = policy.Metadata.Namespace,
                Uid = policy.Metadata.Uid,
                ResourceVersion = policy.Metadata.ResourceVersion,
            },
        };
    }
}
