using Platform.Scaling.Policy;

namespace Platform.AppHost.Tests.AppHost;

public sealed class LocalScalePoliciesTests
{
    private static string PolicyDirectory => Path.Combine(AppHostSettings.FindRepositoryRoot(AppContext.BaseDirectory), "AppHost", "scalepolicies");

    [Fact]
    public void Read_CheckedInDefault_IsTheContractedValidWorkerPolicy()
    {
        var policies = LocalScalePolicies.Read(PolicyDirectory);

        var policy = Assert.Single(policies);
        Assert.Empty(ScalePolicyValidator.Validate(policy));
        Assert.Equal("llm-worker", policy.Spec.TargetRef.Name);
        Assert.Equal("Deployment", policy.Spec.TargetRef.Kind);
        Assert.Equal(ScaleMode.Hybrid, policy.Spec.Mode);
        Assert.Equal(1, policy.Spec.MinReplicas);
        Assert.Equal(10, policy.Spec.MaxReplicas);
        var metric = Assert.Single(policy.Spec.Metrics);
        Assert.Equal(MetricType.QueueBacklog, metric.Type);
        Assert.Equal("llm:jobs", metric.Queue!.Stream);
        Assert.Equal("workers", metric.Queue.ConsumerGroup);
        Assert.Equal(8, metric.TargetPerReplica!.Value.Value);
    }

    [Fact]
    public void InitialReplicas_PolicyForTarget_IsItsMinimum()
    {
        var policies = LocalScalePolicies.Read(PolicyDirectory);

        Assert.Equal(1, LocalScalePolicies.InitialReplicas(policies, "llm-worker"));
        Assert.Equal(2, LocalScalePolicies.InitialReplicas(policies, "no-such-target", fallback: 2));
    }
}
