using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Worker.Tests.Providers;

/// <summary>
/// An OpenAI-compatible server on 127.0.0.1 (Kestrel, a free port) answering <c>POST /v1/chat/completions</c>
/// with scripted responses, in order; the last one repeats. Records each request's body and authorization.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private Func<HttpContext, Task>? _last;

    private FakeOpenAIServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentQueue<(JsonElement Body, string? Authorization, DateTimeOffset At)> Requests { get; } = new();

    public static async Task<FakeOpenAIServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/v1");
        return server;
    }

    public void Enqueue(Func<HttpContext, Task> response) => _script.Enqueue(response);

    public void EnqueueJson(int status, string json, params (string Name, string Value)[] headers) => Enqueue(async context =>
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    });

    public void EnqueueSse(params string[] dataLines) => Enqueue(async context =>
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var data in dataLines)
        {
            await context.Response.WriteAsync(": keep-alive\n\ndata: " + data + "\n\n");
            await context.Response.Body.FlushAsync();
        }
    });

    public static string Completion(string content, int prompt = 9, int completion = 3) =>
        $$$"""{"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"up-model-2025","choices":[{"index":0,"message":{"role":"assistant","content":"{{{content}}}"},"finish_reason":"stop"}],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        Requests.Enqueue((body.RootElement.Clone(), context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        if (_script.TryDequeue(out var next))
        {
            _last = next;
        }

        await (_last ?? (c => { c.Response.StatusCode = 500; return Task.CompletedTask; }))(context);
    }
}
