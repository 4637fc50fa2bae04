using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Platform.Jobs;
using Platform.Operator.Tests.Infrastructure;
using Platform.Testing;

namespace Platform.Operator.Tests.Hosting;

/// <summary>Local mode: policies from a directory, an HTTP scale target, status in memory at <c>GET /api/policies</c>.</summary>
public sealed class LocalModeTests
{
    private const string Policy = """
        apiVersion: autoscaling.llmplatform.dev/v1alpha1
        kind: ScalePolicy
        metadata:
          name: llm-worker
        spec:
          targetRef: { name: llm-worker }
          minReplicas: 1
          maxReplicas: MAX
          mode: Hybrid
          evaluationInterval: 500ms
          metrics:
            - type: QueueBacklog
              queue: { stream: "llm:jobs", consumerGroup: workers }
              targetPerReplica: 8
          prediction: { horizon: 10s, step: 1s, history: 1m }
        """;

    [Fact]
    public async Task Local_BacklogAndFileChange_ScalesThroughHttpTargetAndReportsDecisions()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("operator-local-");
        try
        {
            await using var redis = await RedisServerFixture.StartNewAsync(cancellationToken: ct);
            await using var target = await FakeScaleTarget.StartAsync(ct);
            target.Replicas["llm-worker"] = 1;
            var file = Path.Combine(directory.FullName, "worker.yaml");
            await File.WriteAllTextAsync(file, Policy.Replace("MAX", "10", StringComparison.Ordinal), ct);

            // The backlog is in place before the operator starts, so that every sample it takes reads all 24 jobs.
            await using var connection = await redis.ConnectAsync(cancellationToken: ct);
            var queue = new JobQueue(connection, Options.Create(new JobQueueOptions()));
            await queue.EnsureCreatedAsync(ct);
            for (var i = 0; i < 24; i++)
            {
                await queue.EnqueueAsync(new EnqueueRequest { JobId = "job-" + i, Payload = "{}"u8.ToArray() }, ct);
            }

            await using var host = await OperatorHost.StartAsync(
                ["--local", directory.FullName, "--scale-target", target.BaseAddress.ToString(), "--ConnectionStrings:redis=" + redis.ConnectionString],
                null, ct);

            await Eventually.HoldsAsync(() => Task.FromResult(target.Replicas["llm-worker"] == 3), "PUT 3 to the scale target", cancellationToken: ct);

            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health", ct)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/alive", ct)).StatusCode);
            var policies = await http.GetFromJsonAsync<JsonElement>("/api/policies", ct);
            var view = policies.EnumerateArray().Single();
            Assert.Equal("llm-worker", view.GetProperty("name").GetString());
            Assert.Equal("Hybrid", view.GetProperty("spec").GetProperty("mode").GetString());
            Assert.Contains(view.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("applied").GetBoolean() && d.GetProperty("desiredReplicas").GetInt32() == 3);
            Assert.Contains(view.GetProperty("samples").EnumerateArray(), s => s.GetProperty("value").ValueKind == JsonValueKind.Number && s.GetProperty("value").GetDouble() == 24);
            Assert.Equal(3, view.GetProperty("status").GetProperty("desiredReplicas").GetInt32());

            // The file changes: the new max applies without a restart.
            await File.WriteAllTextAsync(file, Policy.Replace("MAX", "2", StringComparison.Ordinal), ct);
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));
            await Eventually.HoldsAsync(() => Task.FromResult(target.Replicas["llm-worker"] == 2), "PUT 2 after the file changed", cancellationToken: ct);
            Assert.All(target.Puts, p => Assert.InRange(p.Replicas, 1, 10));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
