using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Platform.AppHost.Tests.Load;

/// <summary>An in-process stand-in for the gateway on 127.0.0.1 that records what arrives, in arrival order.</summary>
internal sealed class FakeGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGateway(WebApplication app) => _app = app;

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Url => new(_app.Urls.First());

    /// <summary>Starts the fake; <paramref name="status"/> picks the answer for the request with a trace index.</summary>
    public static async Task<FakeGateway> StartAsync(Func<int, int> status, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeGateway(app);
        app.MapPost("/v1/{**path}", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var prompt = body.RootElement.GetProperty("messages")[0].GetProperty("content").GetString()!;
            var index = int.Parse(prompt["Request ".Length..prompt.IndexOf('.', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            fake.Received.Enqueue(new ReceivedRequest(
                context.Request.Path,
                context.Request.Headers.Authorization.ToString(),
                index,
                prompt.Length,
                body.RootElement.GetProperty("max_tokens").GetInt32(),
                body.RootElement.GetProperty("model").GetString()!));
            return Results.StatusCode(status(index));
        });
        await app.StartAsync(cancellationToken);
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    internal sealed record ReceivedRequest(string Path, string Authorization, int Index, int PromptLength, int MaxTokens, string Model);
}
