using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Hosting;
using Platform.Hosting.Processes;

namespace Platform.AppHost.Tests.Hosting.Scaling;

public sealed class LocalScaleApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ScaleEndpoint_GetAndPut_FollowTheLocalScaleTargetContract()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = new CapturedOutput();
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Output = output, HandleShutdownSignals = false });
        var scale = builder.AddScaleEndpoint();
        builder.AddExecutable("llm-worker", "sh", Path.GetTempPath(), "-c", "trap 'exit 0' TERM; echo up; while true; do sleep 0.1; done").WithReplicas(1);
        builder.AddExecutable("redis", "sleep", Path.GetTempPath(), "60");
        var app = builder.Build();
        await app.StartAsync(ct);
        using var http = new HttpClient();
        var url = scale.Resource.Url!.ToString();
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        Assert.EndsWith("/scale", url, StringComparison.Ordinal);

        var get = await http.GetStringAsync($"{url}/llm-worker", ct);
        Assert.Equal("""{"name":"llm-worker","replicas":1,"readyReplicas":1}""", get);

        using var up = await http.PutAsJsonAsync($"{url}/llm-worker", new { replicas = 3 }, ct);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal(3, JsonDocument.Parse(await up.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("replicas").GetInt32());
        Assert.True(await output.WaitForAsync(t => t.Contains("[llm-worker-2] up", StringComparison.Ordinal), Patience, ct));

        using var down = await http.PutAsJsonAsync($"{url}/llm-worker", new { replicas = 2 }, ct);
        Assert.Equal(HttpStatusCode.OK, down.StatusCode);
        Assert.Equal(2, JsonDocument.Parse(await down.Content.ReadAsStringAsync(ct)).RootElement.GetProperty("replicas").GetInt32());

        using var unknown = await http.GetAsync($"{url}/nope", ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var notScalable = await http.PutAsJsonAsync($"{url}/redis", new { replicas = 2 }, ct);
        Assert.Equal(HttpStatusCode.NotFound, notScalable.StatusCode);

        var pids = app.StartedProcessIds;
        await app.DisposeAsync();
        Assert.Equal(4, pids.Count); // three workers and the stand-in redis
        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid)));
    }

    [Theory]
    [InlineData("""{"replicas":51}""")] // more than a laptop should run
    [InlineData("""{"replicas":-1}""")] // negative
    [InlineData("""{}""")] // no count
    public async Task ScaleEndpoint_PutAbsurdValue_Answers400AndChangesNothing(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Output = new CapturedOutput(), HandleShutdownSignals = false });
        var scale = builder.AddScaleEndpoint();
        builder.AddExecutable("llm-worker", "sleep", Path.GetTempPath(), "60").WithReplicas(1);
        await using var app = builder.Build();
        await app.StartAsync(ct);
        using var http = new HttpClient();

        using var response = await http.PutAsync($"{scale.Resource.Url}/llm-worker", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(new ReplicaStatus("llm-worker", 1, 1), app.GetReplicaStatus("llm-worker"));
    }
}
