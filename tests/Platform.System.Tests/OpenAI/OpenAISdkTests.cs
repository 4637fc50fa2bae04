using System.Diagnostics;
using System.Text.Json;
using Platform.SystemTests.Infrastructure;
using Platform.Testing;

namespace Platform.SystemTests.OpenAI;

/// <summary>The official OpenAI SDK for Node (the <c>openai</c> npm package) against a gateway and a worker.</summary>
[Collection(RedisCollection.Name)]
public sealed class OpenAISdkTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeSdk_CompletionStreamAndInvalidRequest_BehaveAsWithOpenAI()
    {
        Assert.SkipWhen(NodeRunner.NodePath is null, "node was not found on PATH; the OpenAI Node SDK test needs Node.js 20 and npm.");
        await NodeRunner.EnsureInstalledAsync(Ct);
        await using var run = await PlatformRun.StartAsync(redis, new PlatformSettings(), workers: 1, Ct);

        var (exitCode, stdout, stderr) = await NodeRunner.RunAsync("chat.mjs", new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = new Uri(run.Gateway.BaseAddress, "v1").ToString(),
            ["OPENAI_API_KEY"] = run.ApiKey,
            ["MODEL"] = "sim-small",
        }, TimeSpan.FromSeconds(90), Ct);

        Assert.True(exitCode == 0, $"node chat.mjs exited with {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}\n{run.Output}");
        var cases = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(e => e.GetProperty("case").GetString()!);

        var completion = cases["completion"];
        Assert.StartsWith("chatcmpl-", completion.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("chat.completion", completion.GetProperty("object").GetString());
        Assert.Equal("assistant", completion.GetProperty("role").GetString());
        Assert.False(string.IsNullOrWhiteSpace(completion.GetProperty("content").GetString()));
        Assert.Equal(12, completion.GetProperty("completion_tokens").GetInt32());
        Assert.True(completion.GetProperty("prompt_tokens").GetInt32() > 0);

        // The SDK's stream iterator ends only at [DONE]; every chunk carries the same completion id.
        var stream = cases["stream"];
        Assert.True(stream.GetProperty("chunks").GetInt32() > 1, stream.ToString());
        var ids = stream.GetProperty("ids").EnumerateArray().Select(i => i.GetString()).ToList();
        Assert.Single(ids);
        Assert.StartsWith("chatcmpl-", ids[0], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(stream.GetProperty("text").GetString()));
        Assert.Equal("length", stream.GetProperty("finish_reason").GetString());
        Assert.Equal(16, stream.GetProperty("completion_tokens").GetInt32());

        // An invalid request surfaces as the SDK's own error class with OpenAI's error fields.
        var invalid = cases["invalid"];
        Assert.Equal("BadRequestError", invalid.GetProperty("error_class").GetString());
        Assert.True(invalid.GetProperty("is_api_error").GetBoolean());
        Assert.Equal(400, invalid.GetProperty("status").GetInt32());
        Assert.Equal("invalid_request_error", invalid.GetProperty("type").GetString());
        Assert.Equal("temperature", invalid.GetProperty("param").GetString());
        Assert.Equal(JsonValueKind.String, invalid.GetProperty("code").ValueKind);
    }
}
