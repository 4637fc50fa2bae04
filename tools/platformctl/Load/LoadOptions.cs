namespace Platform.Cli.Load;

/// <summary>The parsed arguments of <c>platformctl load</c>.</summary>
internal sealed record LoadOptions
{
    public required string TracePath { get; init; }

    /// <summary>The gateway's base URL, e.g. <c>http://127.0.0.1:5080</c>.</summary>
    public required Uri Gateway { get; init; }

    /// <summary>The API key sent as <c>Authorization: Bearer</c>; never printed.</summary>
    public required string ApiKey { get; init; }

    /// <summary>Replay speed: 5 plays the trace five times faster. Default 1.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Stop sending after this much wall-clock time. Default 2 minutes.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Send at most this many requests. Default 10,000.</summary>
    public int MaxRequests { get; init; } = 10_000;

    /// <summary>The API called. Default <see cref="LoadMode.Chat"/>.</summary>
    public LoadMode Mode { get; init; } = LoadMode.Chat;

    /// <summary>The model asked for. Default <c>sim-small</c>.</summary>
    public string Model { get; init; } = "sim-small";

    /// <summary>Requests outstanding at once; when reached, sending waits (and falls behind the trace). Default 512.</summary>
    public int MaxInFlight { get; init; } = 512;

    /// <summary>How long one request may take before it counts as a timeout. Default 150 s (the gateway's own limit is 120 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(150);

    /// <summary>Show a progress bar (only on an interactive terminal). Default true.</summary>
    public bool Progress { get; init; } = true;

    /// <summary>Keeps the API key out of logs and dumps.</summary>
    public override string ToString() => $"LoadOptions(Trace={TracePath}, Gateway={Gateway}, Speed={Speed}, Duration={Duration}, MaxRequests={MaxRequests}, Mode={Mode}, ApiKey=*****)";
}
