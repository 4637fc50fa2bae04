using System.Net;
using Platform.Jobs;
using Platform.Testing;

namespace Platform.Gateway.Tests;

[Collection(RedisCollection.Name)]
public sealed class JobsApiTests(RedisServerFixture redis) : GatewayTestBase(redis)
{
    [Fact]
    public async Task Create_Returns202WithLocation_ThenPollShowsResult()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        var created = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);
        var job = await ReadJsonAsync(created);
        var id = job.GetProperty("id").GetString()!;
        var queued = await ReadJsonAsync(await client.GetAsync(created.Headers.Location, Ct));
        await Worker.CompleteNextAsync("async answer", Ct);
        var done = await ReadJsonAsync(await client.GetAsync($"/v1/jobs/{id}", Ct));

        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.StartsWith("job_", id);
        Assert.Equal($"/v1/jobs/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("queued", job.GetProperty("status").GetString());
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        // The 202 answers the creation time Redis recorded, so a later GET shows the same one.
        Assert.Equal(queued.GetProperty("created_at").GetInt64(), job.GetProperty("created_at").GetInt64());
        Assert.Equal(done.GetProperty("created_at").GetInt64(), job.GetProperty("created_at").GetInt64());
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("attempts").GetInt32());
        Assert.Equal("async answer", done.GetProperty("result").GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(0.000123, done.GetProperty("cost_usd").GetDouble());
        Assert.True(done.GetProperty("queue_wait_ms").GetInt64() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, done.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Get_FailedJob_ShowsErrorAndHistory()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var id = (await ReadJsonAsync(await client.PostAsync("/v1/jobs", Json(Chat()), Ct))).GetProperty("id").GetString();
        var (lease, _) = await Worker.TakeAsync(Ct);
        await Worker.Queue.FailAsync(lease, new JobError { Message = "model not found upstream", Code = "model_not_found", Retryable = false }, Ct);

        var job = await ReadJsonAsync(await client.GetAsync($"/v1/jobs/{id}", Ct));

        Assert.Equal("failed", job.GetProperty("status").GetString());
        Assert.Equal("model_not_found", job.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("model not found upstream", job.GetProperty("errors")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Cancel_QueuedJob_IsCancelled_ThenCancelAgainIsConflict()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var id = (await ReadJsonAsync(await client.PostAsync("/v1/jobs", Json(Chat()), Ct))).GetProperty("id").GetString();

        var cancelled = await client.DeleteAsync($"/v1/jobs/{id}", Ct);
        var again = await client.DeleteAsync($"/v1/jobs/{id}", Ct);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await ReadJsonAsync(cancelled)).GetProperty("status").GetString());
        await AssertOpenAIErrorAsync(again, 409, "job_already_finished");
        Assert.Equal(0, (await Worker.Queue.GetStatisticsAsync(Ct)).Backlog);
    }

    [Fact]
    public async Task Cancel_RunningJob_RequestsCancellation()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        var id = (await ReadJsonAsync(await client.PostAsync("/v1/jobs", Json(Chat()), Ct))).GetProperty("id").GetString();
        await Worker.TakeAsync(Ct);

        var response = await client.DeleteAsync($"/v1/jobs/{id}", Ct);
        var job = await ReadJsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("running", job.GetProperty("status").GetString());
        Assert.True(job.GetProperty("cancel_requested").GetBoolean());
    }

    [Theory]
    [InlineData("job_doesnotexist")]
    [InlineData("..%2F..%2Fetc")]
    public async Task UnknownOrMalformedId_Returns404(string id)
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);

        await AssertOpenAIErrorAsync(await client.GetAsync($"/v1/jobs/{id}", Ct), 404, "job_not_found");
        await AssertOpenAIErrorAsync(await client.DeleteAsync($"/v1/jobs/{id}", Ct), 404, "job_not_found");
    }

    [Fact]
    public async Task OtherTenantsJob_IsInvisible()
    {
        using var alpha = Gateway.CreateClient(GatewayFactory.Key);
        using var beta = Gateway.CreateClient(GatewayFactory.OtherTenantKey);
        var id = (await ReadJsonAsync(await alpha.PostAsync("/v1/jobs", Json(Chat()), Ct))).GetProperty("id").GetString();

        await AssertOpenAIErrorAsync(await beta.GetAsync($"/v1/jobs/{id}", Ct), 404, "job_not_found");
        await AssertOpenAIErrorAsync(await beta.DeleteAsync($"/v1/jobs/{id}", Ct), 404, "job_not_found");
        Assert.Equal(HttpStatusCode.OK, (await alpha.GetAsync($"/v1/jobs/{id}", Ct)).StatusCode);
    }

    [Fact]
    public async Task PriorityHeader_PutsJobOnHighPriorityStream()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/jobs") { Content = Json(Chat()) };
        request.Headers.Add("x-priority", "high");

        var normal = await client.PostAsync("/v1/jobs", Json(Chat()), Ct);
        var high = await client.SendAsync(request, Ct);
        var low = await client.PostAsync("/v1/jobs", Json(Chat(extra: ""","priority":"low" """)), Ct);

        var stats = await Worker.Queue.GetStatisticsAsync(Ct);
        Assert.Equal("high", (await ReadJsonAsync(high)).GetProperty("priority").GetString());
        Assert.Equal("low", (await ReadJsonAsync(low)).GetProperty("priority").GetString());
        Assert.Equal("normal", (await ReadJsonAsync(normal)).GetProperty("priority").GetString());
        Assert.Equal((1, 1, 1), (stats.BacklogByPriority[JobPriority.High], stats.BacklogByPriority[JobPriority.Normal], stats.BacklogByPriority[JobPriority.Low]));
        var (lease, job) = await Worker.TakeAsync(Ct);
        Assert.Equal(JobPriority.High, lease.Priority);
        Assert.False(job.Request.Extra?.ContainsKey("priority") ?? false);
    }

    [Fact]
    public async Task IdempotencyKey_SameBodySameJob_OtherBody409()
    {
        using var client = Gateway.CreateClient(GatewayFactory.Key);
        HttpRequestMessage Request(string body) => new(HttpMethod.Post, "/v1/jobs") { Content = Json(body), Headers = { { "Idempotency-Key", "order-42" } } };

        var first = await ReadJsonAsync(await client.SendAsync(Request(Chat()), Ct));
        var second = await ReadJsonAsync(await client.SendAsync(Request(Chat()), Ct));
        var conflict = await client.SendAsync(Request(Chat(extra: ""","temperature":1""")), Ct);

        Assert.Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());
        await AssertOpenAIErrorAsync(conflict, 409, "idempotency_key_conflict");
        Assert.Equal(1, (await Worker.Queue.GetStatisticsAsync(Ct)).Added);
    }
}
