using Microsoft.Extensions.Logging;
using Platform.AppHost;
using Platform.AppHost.Extensions;
using Platform.Hosting;

// The whole platform on one machine: redis-server, workers, gateway and the operator in local mode.
using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, LoggerFactory = loggers });
var settings = AppHostSettings.From(builder.Configuration, AppHostSettings.FindRepositoryRoot(AppContext.BaseDirectory));
PlatformResources platform;
try
{
    platform = builder.AddLlmPlatform(settings);
}
catch (FormatException ex)
{
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 2;
}

await using var app = builder.Build();
try
{
    await app.RunAsync(_ => Console.WriteLine(ReadyBanner.Format(platform)), CancellationToken.None);
    return 0;
}
catch (ResourceStartException ex)
{
    // One clear message (e.g. how to install redis-server), not a stack trace; everything started is stopped.
    await Console.Error.WriteLineAsync("error: " + ex.Message);
    return 1;
}
