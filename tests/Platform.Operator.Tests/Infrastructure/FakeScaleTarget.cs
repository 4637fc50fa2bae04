using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Operator.Tests.Infrastructure;

/// <summary>A small HTTP scale target as the AppHost serves it: <c>GET/PUT {base}/{name}</c>, every replica instantly ready.</summary>
internal sealed class FakeScaleTarget : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeScaleTarget(WebApplication app) => _app = app;

    public ConcurrentDictionary<string, int> Replicas { get; } = new(StringComparer.Ordinal);

    /// <summary>Every PUT received: target name and replicas.</summary>
    public ConcurrentQueue<(string Name, int Replicas)> Puts { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<FakeScaleTarget> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var target = new FakeScaleTarget(app);
        app.MapGet("/scale/{name}", (string name) => target.Replicas.TryGetValue(name, out var n)
            ? Results.Ok(new { name, replicas = n, readyReplicas = n })
            : Results.NotFound());
        app.MapPut("/scale/{name}", (string name, ScaleRequest body) =>
        {
            if (!target.Replicas.ContainsKey(name))
            {
                return Results.NotFound();
            }

            target.Replicas[name] = body.Replicas;
            target.Puts.Enqueue((name, body.Replicas));
            return Results.Ok(new { name, replicas = body.Replicas, readyReplicas = body.Replicas });
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        target.BaseAddress = new Uri(address.TrimEnd('/') + "/scale");
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record ScaleRequest(int Replicas);
}
