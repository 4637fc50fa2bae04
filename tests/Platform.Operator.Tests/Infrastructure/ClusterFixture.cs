using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Kubernetes;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Testing;
using Platform.Operator.Kubernetes;
using Platform.Redis;
using Platform.Scaling.Policy;
using Platform.Testing;

namespace Platform.Operator.Tests.Infrastructure;

/// <summary>
/// A test API server (the Kubernetes test double, with the ScalePolicy CRD registered and the stand-in deployment
/// controller on), a real redis-server, a Deployment <c>llm-worker</c> and helpers to start operators, push a
/// backlog into the real job queue and read what the operator wrote.
/// </summary>
internal sealed class ClusterFixture : IAsyncDisposable
{
    public const string Namespace = "default";
    public const string Deployment = "llm-worker";

    private readonly List<OperatorHost> _operators = [];
    private RedisConnection? _redis;

    private ClusterFixture(TestKubernetesApiServer server, RedisServerFixture redisServer, KubernetesClient client)
    {
        Server = server;
        RedisServer = redisServer;
        Client = client;
    }

    public TestKubernetesApiServer Server { get; }

    public RedisServerFixture RedisServer { get; }

    /// <summary>The test's own client (User-Agent <c>test</c>).</summary>
    public KubernetesClient Client { get; }

    public static async Task<ClusterFixture> StartAsync(int replicas, CancellationToken cancellationToken)
    {
        var server = await TestKubernetesApiServer.StartAsync(cancellationToken);
        server.SimulateDeploymentController = true;
        server.RegisterResource(V1Alpha1ScalePolicy.Group, V1Alpha1ScalePolicy.Version, V1Alpha1ScalePolicy.Plural, namespaced: true, hasStatus: true, kind: V1Alpha1ScalePolicy.KindName);
        var redis = await RedisServerFixture.StartNewAsync(cancellationToken: cancellationToken);
        var client = new KubernetesClient(server.CreateClientConfiguration("test"));
        var fixture = new ClusterFixture(server, redis, client);
        await client.CreateAsync(ResourceDescriptor.Deployments, Namespace, new V1Deployment
        {
            Metadata = new Platform.Kubernetes.Models.ObjectMeta { Name = Deployment, Namespace = Namespace },
            Spec = new V1DeploymentSpec { Replicas = replicas, Selector = new V1LabelSelector { MatchLabels = new() { ["app"] = Deployment } } },
        }, cancellationToken);
        return fixture;
    }

    /// <summary>Starts an operator in cluster mode against the test API server with the given identity (also its User-Agent).</summary>
    public async Task<OperatorHost> StartOperatorAsync(string identity, CancellationToken cancellationToken, params string[] extraArgs)
    {
        var host = await OperatorHost.StartAsync(
            [
                "--ConnectionStrings:redis=" + RedisServer.ConnectionString + ",connectTimeout=500,commandTimeout=1000",
                "--Operator:Identity=" + identity,
                "--Operator:LeaseNamespace=" + Namespace,
                "--Operator:LeaseDuration=00:00:03",
                "--Operator:RenewDeadline=00:00:02",
                "--Operator:RetryPeriod=00:00:00.250",
                "--Operator:MetricTimeout=00:00:01",
                .. extraArgs,
            ],
            builder => builder.Services.AddSingleton(Server.CreateClientConfiguration(identity)),
            cancellationToken);
        _operators.Add(host);
        return host;
    }

    /// <summary>Creates a ScalePolicy for the Deployment; <paramref name="configure"/> adjusts the spec.</summary>
    public Task<ScalePolicyResource> CreatePolicyAsync(string name, Action<V1Alpha1ScalePolicy.PolicySpec>? configure, CancellationToken cancellationToken)
    {
        var spec = new V1Alpha1ScalePolicy.PolicySpec
        {
            TargetRef = new TargetReference { Name = Deployment },
            MinReplicas = 1,
            MaxReplicas = 5,
            EvaluationInterval = Duration.FromSeconds(0.5),
            Metrics =
            [
                new MetricSpec
                {
                    Type = MetricType.QueueBacklog,
                    Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" },
                    TargetPerReplica = 8,
                },
            ],
            Behavior = new ScalingBehavior { ScaleDown = new ScalingRules { StabilizationWindowSeconds = 2 } },
        };
        configure?.Invoke(spec);
        return Client.CreateAsync(ScalePolicyResource.Descriptor, Namespace, new ScalePolicyResource
        {
            Metadata = new Platform.Kubernetes.Models.ObjectMeta { Name = name, Namespace = Namespace },
            Spec = spec,
        }, cancellationToken);
    }

    /// <summary>Adds <paramref name="count"/> jobs to the real queue (<c>llm:jobs</c>, group <c>workers</c>).</summary>
    public async Task PushBacklogAsync(int count, CancellationToken cancellationToken)
    {
        _redis ??= await RedisServer.ConnectAsync(cancellationToken: cancellationToken);
        var queue = new JobQueue(_redis, Options.Create(new JobQueueOptions()));
        await queue.EnsureCreatedAsync(cancellationToken);
        for (var i = 0; i < count; i++)
        {
            await queue.EnqueueAsync(new EnqueueRequest { JobId = Guid.NewGuid().ToString("N"), Payload = "{}"u8.ToArray() }, cancellationToken);
        }
    }

    /// <summary>Empties the queue (every key), as if workers had drained it.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => RedisServer.FlushAllAsync(cancellationToken);

    public async Task<int> ReplicasAsync(CancellationToken cancellationToken) =>
        (await Client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, Namespace, Deployment, cancellationToken)).Spec.Replicas ?? 0;

    public Task<ScalePolicyResource> GetPolicyAsync(string name, CancellationToken cancellationToken) =>
        Client.GetAsync<ScalePolicyResource>(ScalePolicyResource.Descriptor, Namespace, name, cancellationToken);

    public async Task<IReadOnlyList<EventsV1Event>> EventsAsync(CancellationToken cancellationToken) =>
        (await Client.ListAsync<EventsV1Event>(ResourceDescriptor.Events, Namespace, null, cancellationToken)).Items;

    /// <summary>PATCHes of the Deployment's scale subresource that the server accepted.</summary>
    public IReadOnlyList<RecordedRequest> ScalePatches() =>
        [.. Server.Requests.Where(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/" + Deployment + "/scale", StringComparison.Ordinal))];

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _operators)
        {
            await host.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        Client.Dispose();
        await Server.DisposeAsync();
        await RedisServer.DisposeAsync();
    }
}
