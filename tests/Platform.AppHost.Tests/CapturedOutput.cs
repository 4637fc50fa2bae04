using System.Text;

namespace Platform.AppHost.Tests;

/// <summary>A thread-safe TextWriter whose lines tests can wait for (bounded in time).</summary>
internal sealed class CapturedOutput : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public string Text
    {
        get
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds for the captured text; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForAsync(Func<string, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Text))
            {
                return true;
            }

            await Task.Delay(50, cancellationToken);
        }

        return condition(Text);
    }
}
