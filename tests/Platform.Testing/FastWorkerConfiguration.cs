namespace Platform.Testing;

/// <summary>
/// Worker configuration for tests that run the real worker (in process or as a process): short intervals so that
/// reads, promotions, heartbeats and reclaims happen within a test's seconds, and one fast, seeded simulated
/// provider <c>sim</c> serving <c>sim-small</c> (0.5 / 2 USD per million input / output tokens).
/// </summary>
public static class FastWorkerConfiguration
{
    /// <summary>The settings, with <c>:</c> separators (as configuration keys; <c>__</c> in environment variables).</summary>
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Worker:BlockTime"] = "00:00:00.200",
        ["Worker:PromoteInterval"] = "00:00:00.100",
        ["Worker:HeartbeatInterval"] = "00:00:00.200",
        ["Worker:ReclaimInterval"] = "00:00:00.500",
        ["Worker:Providers:sim:Type"] = "Simulated",
        ["Worker:Providers:sim:Simulated:Seed"] = "7",
        ["Worker:Providers:sim:Simulated:TimeToFirstToken"] = "00:00:00.005",
        ["Worker:Providers:sim:Simulated:TimePerOutputToken"] = "00:00:00.001",
        ["Worker:Models:sim-small:Provider"] = "sim",
        ["Worker:Models:sim-small:InputPricePer1M"] = "0.5",
        ["Worker:Models:sim-small:OutputPricePer1M"] = "2",
    };
}
