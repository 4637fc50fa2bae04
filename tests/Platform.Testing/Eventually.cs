using Xunit;

namespace Platform.Testing;

/// <summary>
/// Polls, bounded in time, for a condition that other threads or processes make true. The bound is generous (a
/// slow shared machine must not fail a correct test): it is never a timing assertion. Without a token the test's
/// own cancellation token is used.
/// </summary>
public static class Eventually
{
    /// <summary>The bound when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Reads until <paramref name="condition"/> holds for the value read, and returns that value.</summary>
    /// <param name="read">Reads the current value.</param>
    /// <param name="condition">What the value must satisfy.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">The bound (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="interval">Time between reads (default 50 ms; longer for reads that cost the system under test).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first value that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">The bound passed first; the message shows the last value.</exception>
    public static async Task<T> ReturnsAsync<T>(
        Func<Task<T>> read, Func<T, bool> condition, string what, TimeSpan? timeout = null, TimeSpan? interval = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(condition);
        var token = cancellationToken.CanBeCanceled ? cancellationToken : TestContext.Current.CancellationToken;
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        var value = await read();
        while (!condition(value))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}; last value: {Describe(value)}");
            }

            await Task.Delay(interval ?? Interval, token);
            value = await read();
        }

        return value;
    }

    /// <summary>Waits until an asynchronous condition is true.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">The bound (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the condition held.</returns>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ReturnsAsync(condition, static held => held, what, timeout, null, cancellationToken);

    /// <summary>Waits until a synchronous condition is true.</summary>
    /// <param name="condition">The condition.</param>
    /// <param name="what">What is awaited, for the failure message.</param>
    /// <param name="timeout">The bound (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the condition held.</returns>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return ReturnsAsync(() => Task.FromResult(condition()), static held => held, what, timeout, null, cancellationToken);
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable e and not string => string.Join(", ", e.Cast<object?>()),
        _ => value.ToString() ?? string.Empty,
    };
}
