using Platform.Scaling.Policy;

namespace Platform.Operator.Scaling;

/// <summary>The workload a policy scales: read its replica counts and set its desired replicas.</summary>
internal interface IScaleTarget
{
    /// <summary>Reads the target's desired and ready replicas.</summary>
    /// <exception cref="ScaleTargetException">The target does not exist or could not be read.</exception>
    Task<TargetScale> GetAsync(V1Alpha1ScalePolicy policy, CancellationToken cancellationToken);

    /// <summary>Sets the target's desired replicas.</summary>
    /// <exception cref="ScaleTargetException">The change was refused or could not be sent.</exception>
    Task ScaleAsync(V1Alpha1ScalePolicy policy, int replicas, CancellationToken cancellationToken);
}
