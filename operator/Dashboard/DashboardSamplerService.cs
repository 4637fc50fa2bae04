using Microsoft.Extensions.Options;

namespace Platform.Operator.Dashboard;

/// <summary>Runs <see cref="DashboardSampler.SampleAsync"/> every <see cref="DashboardOptions.SampleInterval"/>.</summary>
internal sealed class DashboardSamplerService(DashboardSampler sampler, IOptions<DashboardOptions> options, TimeProvider timeProvider, ILogger<DashboardSamplerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SampleInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    await sampler.SampleAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // The dashboard must keep sampling whatever one sample threw.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.LoopFailed(logger, "dashboard sampler", ex);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
