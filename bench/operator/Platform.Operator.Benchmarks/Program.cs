using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Kubernetes;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Testing;
using Platform.Scaling.Policy;
using Platform.Testing;

// Time from a backlog spike to the scale patch: the operator's real executable (cluster mode, kubeconfig) against
// the in-process test API server and a private redis-server. Each run waits a random phase of the evaluation
// interval, pushes a backlog into the real queue and measures until the API server receives the PATCH of the
// Deployment's scale subresource; the queue is then drained and the Deployment scaled back before the next run.
// Usage: Platform.Operator.Benchmarks <Platform.Operator.dll> <interval seconds> <runs>
var operatorDll = args[0];
var interval = double.Parse(args[1], CultureInfo.InvariantCulture);
var runs = int.Parse(args[2], CultureInfo.InvariantCulture);
using var total = new CancellationTokenSource(TimeSpan.FromMinutes(5));
var ct = total.Token;

await using var server = await TestKubernetesApiServer.StartAsync(ct);
server.SimulateDeploymentController = true;
server.RegisterResource(V1Alpha1ScalePolicy.Group, V1Alpha1ScalePolicy.Version, V1Alpha1ScalePolicy.Plural, namespaced: true, hasStatus: true, kind: V1Alpha1ScalePolicy.KindName);
await using var redisServer = await RedisServerFixture.StartNewAsync(cancellationToken: ct);
await using var redis = await redisServer.ConnectAsync(cancellationToken: ct);
using var client = new KubernetesClient(server.CreateClientConfiguration("bench"));
var policies = new ResourceDescriptor(V1Alpha1ScalePolicy.Group, V1Alpha1ScalePolicy.Version, V1Alpha1ScalePolicy.Plural, Namespaced: true);

await client.CreateAsync(ResourceDescriptor.Deployments, "default", new V1Deployment
{
    Metadata = new Platform.Kubernetes.Models.ObjectMeta { Name = "llm-worker", Namespace = "default" },
    Spec = new V1DeploymentSpec { Replicas = 1 },
}, ct);
await client.CreateAsync(policies, "default", new V1Alpha1ScalePolicy
{
    Metadata = new Platform.Scaling.Policy.ObjectMeta { Name = "llm-worker", Namespace = "default" },
    Spec = new V1Alpha1ScalePolicy.PolicySpec
    {
        TargetRef = new TargetReference { Name = "llm-worker" },
        MinReplicas = 1,
        MaxReplicas = 10,
        EvaluationInterval = Duration.FromSeconds(interval),
        Metrics = [new MetricSpec { Type = MetricType.QueueBacklog, Queue = new QueueSource { Stream = "llm:jobs", ConsumerGroup = "workers" }, TargetPerReplica = 8 }],
        Behavior = new ScalingBehavior { ScaleDown = new ScalingRules { StabilizationWindowSeconds = 0 } },
    },
}, ct);

var kubeconfig = Path.Combine(Path.GetTempPath(), "operator-bench-" + Environment.ProcessId + ".kubeconfig");
server.WriteKubeconfig(kubeconfig);
var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var a in new[] { operatorDll, "--urls=http://127.0.0.1:0", "--Operator:Identity=bench-operator" })
{
    start.ArgumentList.Add(a);
}

start.Environment["KUBECONFIG"] = kubeconfig;
start.Environment["ConnectionStrings__redis"] = redisServer.ConnectionString;
start.Environment["Logging__Console__FormatterName"] = "simple";
start.Environment["Logging__LogLevel__Default"] = "Warning";
using var process = Process.Start(start)!;
process.OutputDataReceived += (_, _) => { };
process.ErrorDataReceived += (_, _) => { };
process.BeginOutputReadLine();
process.BeginErrorReadLine();
var latencies = new List<double>();
try
{
    await WaitAsync(async () => (await client.GetAsync<V1Alpha1ScalePolicy>(policies, "default", "llm-worker", ct)).Status?.LastDecision is not null, "the first decision");
    var queue = new JobQueue(redis, Options.Create(new JobQueueOptions()));
    for (var run = 0; run < runs; run++)
    {
        await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * interval), ct);
        var before = ScalePatches();
        var stopwatch = Stopwatch.StartNew();
        await queue.EnsureCreatedAsync(ct);
        for (var i = 0; i < 40; i++)
        {
            await queue.EnqueueAsync(new EnqueueRequest { JobId = $"r{run}-{i}", Payload = "{}"u8.ToArray() }, ct);
        }

        while (ScalePatches() == before)
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(interval * 10 + 10))
            {
                throw new TimeoutException("no scale patch");
            }

            await Task.Delay(2, ct);
        }

        latencies.Add(stopwatch.Elapsed.TotalMilliseconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {stopwatch.Elapsed.TotalMilliseconds:0} ms"));
        await WaitAsync(async () => (await client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "llm-worker", ct)).Spec.Replicas == 5, "scale up to 5");
        await redisServer.FlushAllAsync(ct);
        await WaitAsync(async () => (await client.GetAsync<V1Deployment>(ResourceDescriptor.Deployments, "default", "llm-worker", ct)).Spec.Replicas == 1, "scale back to 1");
    }
}
finally
{
    process.Kill(entireProcessTree: true);
    await process.WaitForExitAsync(CancellationToken.None);
    File.Delete(kubeconfig);
}

latencies.Sort();
double Percentile(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"RESULT interval_s={interval} runs={runs} min_ms={latencies[0]:0} median_ms={Percentile(0.5):0} p90_ms={Percentile(0.9):0} max_ms={latencies[^1]:0}"));
return 0;

int ScalePatches() => server.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/deployments/llm-worker/scale", StringComparison.Ordinal) && r.StatusCode == 200);

async Task WaitAsync(Func<Task<bool>> condition, string what)
{
    var deadline = Stopwatch.StartNew();
    while (!await condition())
    {
        if (deadline.Elapsed > TimeSpan.FromSeconds(60))
        {
            throw new TimeoutException("timed out waiting for " + what);
        }

        await Task.Delay(20, ct);
    }
}
