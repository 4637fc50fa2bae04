using Platform.Scaling.Policy;

namespace Platform.Operator.Hosting;

/// <summary>Where the scheduler finds the policies to reconcile: the informer's cache or a directory of YAML files.</summary>
internal interface IPolicySource
{
    /// <summary>The policies as they are now (cheap; called on every scheduler tick).</summary>
    IReadOnlyList<V1Alpha1ScalePolicy> Current();
}
