using System.Net;
using System.Text;
using System.Text.Json;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Every path × method of the gateway's own OpenAPI document under <c>/v1</c> refuses a missing or forged key
/// with 401 and an OpenAI error; and the platform works end to end on a Redis that requires a password, without
/// that password or the API key ever appearing in the processes' output. (Prompts and keys in telemetry and logs
/// are covered by <c>Telemetry/TelemetryTests</c>.)
/// </summary>
public sealed class AuthAndSecretsTests
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryV1OperationInOpenApi_WithoutValidKey_Returns401()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", password], Ct);
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings(), workers: 0, Ct);
        using var anonymous = new HttpClient { BaseAddress = run.Gateway.BaseAddress };

        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("openapi/v1.json", Ct));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).Where(p => p.StartsWith("/v1", StringComparison.Ordinal)).ToList();
        var documented = document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => (Path: p.Name, Method: m.Name.ToUpperInvariant()))).ToList();
        // The document lists what the gateway serves; if it shrank, this test would silently cover less.
        Assert.Contains(("/v1/chat/completions", "POST"), documented);
        Assert.Contains(("/v1/jobs/{id}", "DELETE"), documented);
        Assert.Contains(("/v1/models", "GET"), documented);

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var path in paths)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "\\{[^}]+\\}", "x1");
            foreach (var method in Methods)
            {
                foreach (var credential in new string?[] { null, "Bearer sk-forged", "Bearer " + run.ApiKey + "x", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(run.ApiKey)) })
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), concrete.TrimStart('/'));
                    if (method is "POST" or "PUT" or "PATCH")
                    {
                        request.Content = JsonContent(GatewayClient.ChatBody("sim-small", "hello", 4).ToJsonString());
                    }

                    if (credential is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Authorization", credential);
                    }

                    using var response = await anonymous.SendAsync(request, Ct);
                    checkedCount++;
                    var body = await response.Content.ReadAsStringAsync(Ct);
                    if (response.StatusCode != HttpStatusCode.Unauthorized)
                    {
                        failures.Add($"{method} {concrete} with {credential ?? "no key"}: {(int)response.StatusCode} {body}");
                    }
                    else if (method != "HEAD" && !body.Contains("\"error\"", StringComparison.Ordinal))
                    {
                        failures.Add($"{method} {concrete}: 401 without an OpenAI error object: {body}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(checkedCount >= paths.Count * Methods.Length * 4);
        Assert.True(paths.Count >= 4, "too few /v1 paths in the OpenAPI document: " + string.Join(", ", paths));
    }

    [Fact]
    public async Task RedisWithPassword_JobsRunEndToEnd_NoSecretInOutput()
    {
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var redis = await RedisServerFixture.StartNewAsync(["--requirepass", password], Ct);
        Assert.Contains("password=", redis.ConnectionString, StringComparison.Ordinal);
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings(), workers: 1, Ct);
        await run.WaitForWorkersAsync(1, Ct);

        var ids = await run.Client.SubmitJobsAsync(20, "sim-small", maxTokens: 4, parallelism: 4, Ct);
        var jobs = await run.Client.WaitForJobsAsync(ids, TimeSpan.FromSeconds(60), Ct);
        using var completion = await run.Client.PostAsync("v1/chat/completions", GatewayClient.ChatBody("sim-small", "hello", 4), null, Ct);
        using var health = await run.Client.Http.GetAsync("health", Ct);

        Assert.All(jobs.Values, j => Assert.Equal("succeeded", j.GetProperty("status").GetString()));
        Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var output = new[] { run.Gateway }.Concat(run.Workers).SelectMany(p => p.Lines).ToList();
        Assert.DoesNotContain(output, l => l.Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(output, l => l.Contains(run.ApiKey, StringComparison.Ordinal));
    }

    private static StringContent JsonContent(string json) => new(json, Encoding.UTF8, "application/json");
}
