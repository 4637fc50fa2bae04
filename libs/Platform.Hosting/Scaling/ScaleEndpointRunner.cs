using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Hosting.Scaling;

/// <summary>Hosts <see cref="LocalScaleApi"/> on a free loopback port inside the host process.</summary>
internal sealed class ScaleEndpointRunner(ScaleEndpointResource resource, DistributedApplication application) : IResourceRunner, IAsyncDisposable
{
    private WebApplication? _app;

    public IResource Resource => resource;

    public Task Ready => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapLocalScaleApi(application, resource.MaxReplicas, "/" + resource.Name);
        await _app.StartAsync(cancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        resource.Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"{address.TrimEnd('/')}/{resource.Name}"));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
