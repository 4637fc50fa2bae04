namespace Platform.Gateway.Tests.Hostile;

/// <summary>Which key a hostile request presents.</summary>
internal enum KeyUse
{
    /// <summary>The valid key of tenant <c>alpha</c>.</summary>
    Valid,

    /// <summary>No <c>Authorization</c> header at all.</summary>
    None,

    /// <summary>The case's own <see cref="HostileCase.Headers"/> carry whatever (forged) credentials it sends.</summary>
    Custom,
}

/// <summary>
/// One malformed or abusive request and what the gateway must answer: the status and, when the gateway (not the
/// server underneath) answers, the OpenAI error code.
/// </summary>
internal sealed record HostileCase
{
    /// <summary>A short description for failure messages.</summary>
    public required string Name { get; init; }

    public string Method { get; init; } = "POST";

    public required string Path { get; init; }

    /// <summary>The raw body bytes; null for none.</summary>
    public byte[]? Body { get; init; }

    public string? ContentType { get; init; } = "application/json";

    public KeyUse Key { get; init; } = KeyUse.Valid;

    /// <summary>Extra request headers, sent without validation.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public required int ExpectedStatus { get; init; }

    /// <summary>The expected <c>error.code</c>; null to accept any code (the error object is still required).</summary>
    public string? ExpectedCode { get; init; }

    /// <summary>The expected <c>error.param</c> when the case is about one field.</summary>
    public string? ExpectedParam { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Method} {(Path.Length > 80 ? Path[..80] + "..." : Path)})";
}
