using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Llm;

/// <summary>One message of a chat completion request (OpenAI wire format).</summary>
public sealed record ChatMessage
{
    /// <summary><c>system</c>, <c>developer</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>A string, or an array of content parts (<c>{"type":"text","text":...}</c>, images, ...); null for assistant tool calls.</summary>
    [JsonPropertyName("content")]
    public JsonElement? Content { get; init; }

    /// <summary>Optional participant name.</summary>
    [JsonPropertyName("name")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    /// <summary>Fields this type does not model (tool calls, tool_call_id, ...), passed through to providers.</summary>
    // Settable, not init-only: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Creates a message with plain text content.</summary>
    public static ChatMessage Text(string role, string content) =>
        new() { Role = role, Content = JsonSerializer.SerializeToElement(content, LlmJsonContext.Default.String) };

    /// <summary>The message's text: the string content, or the text parts joined. Never logged.</summary>
    public string GetText()
    {
        if (Content is not { } content)
        {
            return "";
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? "";
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                    {
                        text.Append(t.GetString());
                    }
                }

                return text.ToString();
            default:
                return "";
        }
    }
}
