namespace Platform.Operator.Tests.Infrastructure;

/// <summary>Polls a condition until it holds, bounded in time (the bound is generous: it is not a timing assertion).</summary>
internal static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        T value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {Describe(value)}");
            }

            await Task.Delay(100, cancellationToken);
            value = await read();
        }

        return value;
    }

    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ReturnsAsync(condition, v => v, what, timeout, cancellationToken);

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => string.Join(", ", e.Cast<object?>()),
        _ => value.ToString() ?? "",
    };
}
