namespace Platform.Otlp.Tests;

/// <summary>A clock that only moves when told (Microsoft.Extensions.TimeProvider.Testing does not restore here).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
