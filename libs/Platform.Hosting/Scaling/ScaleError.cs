namespace Platform.Hosting.Scaling;

/// <summary>The body of a refused scale request.</summary>
/// <param name="Error">What was wrong.</param>
public sealed record ScaleError(string Error);
