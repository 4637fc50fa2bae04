namespace Platform.AppHost.Tests;

/// <summary>Polls a condition that becomes true through other processes, bounded in time (never a timing assertion).</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return condition();
    }
}
