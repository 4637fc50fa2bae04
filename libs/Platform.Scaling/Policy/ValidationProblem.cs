namespace Platform.Scaling.Policy;

/// <summary>One problem found in a ScalePolicy, with the JSON path of the field, e.g. <c>spec.metrics[1].target</c>.</summary>
/// <param name="Path">Field path in the resource's JSON/YAML names.</param>
/// <param name="Message">What is wrong, e.g. <c>must be &gt; 0</c>.</param>
public sealed record ValidationProblem(string Path, string Message)
{
    /// <summary>Formats as <c>path: message</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
