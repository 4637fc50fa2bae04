using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Platform.Gateway.Tests;

/// <summary>
/// The real gateway in process (<see cref="WebApplicationFactory{TEntryPoint}"/>), on a real Redis, with a key
/// prefix of its own so tests sharing the server do not see each other's queues.
/// </summary>
internal sealed class GatewayFactory(string redisConnectionString, string keyPrefix, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<Program>
{
    public const string Key = "sk-test-alpha";
    public const string OtherTenantKey = "sk-test-beta";
    public const string LimitedKey = "sk-test-limited";
    public const string SmallOnlyKey = "sk-test-small-only";

    public string KeyPrefix => keyPrefix;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:redis", redisConnectionString);
        builder.UseSetting("Jobs:KeyPrefix", keyPrefix);
        builder.UseSetting("Gateway:Models:0", "sim-small");
        builder.UseSetting("Gateway:Models:1", "sim-large");
        builder.UseSetting("Gateway:ApiKeys:0:Key", Key);
        builder.UseSetting("Gateway:ApiKeys:0:Tenant", "alpha");
        // The second key is configured by its hash only, as production configuration should be.
        builder.UseSetting("Gateway:ApiKeys:1:Key", "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(OtherTenantKey))));
        builder.UseSetting("Gateway:ApiKeys:1:Tenant", "beta");
        builder.UseSetting("Gateway:ApiKeys:2:Key", LimitedKey);
        builder.UseSetting("Gateway:ApiKeys:2:Tenant", "limited");
        builder.UseSetting("Gateway:ApiKeys:2:RequestsPerMinute", "5");
        builder.UseSetting("Gateway:ApiKeys:2:TokensPerMinute", "100000");
        builder.UseSetting("Gateway:ApiKeys:3:Key", SmallOnlyKey);
        builder.UseSetting("Gateway:ApiKeys:3:Tenant", "alpha");
        builder.UseSetting("Gateway:ApiKeys:3:Models:0", "sim-small");
        builder.UseSetting("Gateway:BacklogRefreshInterval", "00:00:00");
        builder.UseSetting("Gateway:StreamKeepAliveInterval", "00:00:00.200");
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(name, value);
        }
    }

    public HttpClient CreateClient(string? apiKey)
    {
        var client = CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }
}
