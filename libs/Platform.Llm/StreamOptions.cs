using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>The <c>stream_options</c> of a request.</summary>
public sealed record StreamOptions
{
    /// <summary>When true, a last chunk carries the usage of the whole request.</summary>
    [JsonPropertyName("include_usage")]
    public bool? IncludeUsage { get; init; }
}
