namespace Platform.Cli.Simulation;

/// <summary>Which decision maker a simulation run uses.</summary>
internal enum RunKind
{
    /// <summary>The policy with mode Reactive.</summary>
    Reactive,

    /// <summary>The policy with mode Predictive.</summary>
    Predictive,

    /// <summary>The policy with mode Hybrid.</summary>
    Hybrid,

    /// <summary>Reference: knows the true load over the coming start-up delay, sizes with the same capacity model, no behavior limits.</summary>
    Oracle,
}
