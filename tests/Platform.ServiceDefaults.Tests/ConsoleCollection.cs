namespace Platform.ServiceDefaults.Tests;

/// <summary>Tests that redirect <see cref="Console.Out"/> (process-wide) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
