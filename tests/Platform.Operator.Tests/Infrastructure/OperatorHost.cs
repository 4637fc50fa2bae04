using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Platform.Operator.Extensions;

namespace Platform.Operator.Tests.Infrastructure;

/// <summary>One operator instance running in-process (the same composition as the executable) on a free loopback port.</summary>
internal sealed class OperatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OperatorHost(WebApplication app) => _app = app;

    /// <summary>The operator's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public static async Task<OperatorHost> StartAsync(IReadOnlyList<string> args, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        string[] all =
        [
            "--urls=http://127.0.0.1:0",
            "--Logging:Console:FormatterName=simple",
            "--Logging:LogLevel:Default=Warning",
            .. args,
        ];
        var app = OperatorApplication.Create(all, configure);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new OperatorHost(app) { BaseAddress = new Uri(address) };
    }

    /// <summary>Stops gracefully (finishes in-flight reconciles, releases the lease).</summary>
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _app.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
