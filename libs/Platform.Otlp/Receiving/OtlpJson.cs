using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Platform.Otlp.Receiving;

/// <summary>
/// Parses the OTLP JSON encoding with Google.Protobuf's <see cref="JsonParser"/>. OTLP JSON differs from
/// the canonical protobuf JSON mapping in one way that matters here: trace and span ids are hex strings,
/// not base64, so they are rewritten before parsing. Enums as integers and int64 as strings or numbers are
/// already accepted by the parser; unknown fields are ignored as the specification requires.
/// </summary>
internal static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal)
    {
        "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id",
    };

    public static T Parse<T>(byte[] body)
        where T : IMessage<T>, new()
    {
        var root = JsonNode.Parse(body) ?? throw new FormatException("The JSON body is null.");
        RewriteIds(root);
        return Parser.Parse<T>(root.ToJsonString());
    }

    private static void RewriteIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToArray())
                {
                    if (value is null)
                    {
                        continue;
                    }

                    if (IdFields.Contains(name) && value is JsonValue idValue && idValue.TryGetValue<string>(out var hex))
                    {
                        obj[name] = Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else
                    {
                        RewriteIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item);
                    }
                }

                break;
        }
    }
}
