namespace Platform.Kubernetes.Testing;

/// <summary>One request the test API server received, for assertions such as "only the leader wrote".</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, without the query.</param>
/// <param name="Query">The query string, including the leading <c>?</c>, or empty.</param>
/// <param name="ContentType">The request content type, if any.</param>
/// <param name="UserAgent">The User-Agent header (tests give each client its own).</param>
/// <param name="StatusCode">The status code the server answered with.</param>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string? UserAgent, int StatusCode)
{
    /// <summary>Whether the request changes state (POST, PUT, PATCH, DELETE).</summary>
    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";
}
