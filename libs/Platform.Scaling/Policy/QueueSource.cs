using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Platform.Scaling.Policy;

/// <summary>A Redis stream and consumer group whose lag plus pending entries form the backlog.</summary>
public sealed class QueueSource
{
    /// <summary>The stream key, e.g. <c>llm:jobs</c>. Required.</summary>
    [Required]
    [JsonPropertyName("stream")]
    public string Stream { get; set; } = "";

    /// <summary>The consumer group, e.g. <c>workers</c>. Required.</summary>
    [Required]
    [JsonPropertyName("consumerGroup")]
    public string ConsumerGroup { get; set; } = "";
}
