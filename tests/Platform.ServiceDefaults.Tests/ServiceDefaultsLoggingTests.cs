using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Platform.ServiceDefaults.Tests;

public sealed class ServiceDefaultsLoggingTests
{
    [Theory]
    [InlineData(null, "json")] // default: JSON lines for log collectors
    [InlineData("json", "json")]
    [InlineData("simple", "simple")] // local development may prefer plain text
    [InlineData("systemd", "systemd")] // any other formatter name is honoured
    public async Task ConsoleFormatter_FromConfiguration_IsApplied(string? configured, string expected)
    {
        await using var app = TestApp.Create(new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = configured });

        var options = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;

        Assert.Equal(expected, options.FormatterName);
    }
}
