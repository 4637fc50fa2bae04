using System.Text.Json;
using Platform.Gateway.Infrastructure;
using Platform.Jobs;
using Platform.Llm;

namespace Platform.Gateway.Validation;

/// <summary>
/// Validates a chat completion body the way the OpenAI API does, field by field, so that every mistake gets a
/// 400 naming the parameter at fault, and nothing a client sends can reach a 500.
/// </summary>
internal static class ChatRequestValidator
{
    private static readonly HashSet<string> Roles = new(StringComparer.Ordinal) { "system", "developer", "user", "assistant", "tool", "function" };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Validates <paramref name="body"/>; returns the request, or the error to answer.</summary>
    public static (ValidatedChatRequest? Request, OpenAIErrorResult? Error) Validate(ReadOnlyMemory<byte> body, GatewayOptions options)
    {
        // The JSON reader checks UTF-8 only where it decodes strings, which could be long after validation.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            return (null, OpenAIErrors.InvalidJson("the body is not valid UTF-8"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return (null, OpenAIErrors.InvalidJson(Describe(ex)));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, OpenAIErrors.Invalid("The request body must be a JSON object.", null));
            }

            var error = CheckFields(root, options, out var priority);
            if (error is not null)
            {
                return (null, error);
            }

            ChatCompletionRequest? request;
            try
            {
                request = root.Deserialize(LlmJsonContext.Default.ChatCompletionRequest);
            }
            catch (JsonException ex)
            {
                return (null, OpenAIErrors.Invalid($"Invalid request: {Describe(ex)}", ex.Path?.TrimStart('$', '.')));
            }

            if (request is null)
            {
                return (null, OpenAIErrors.Invalid("The request body must be a JSON object.", null));
            }

            // The priority is the gateway's own field: the provider must not see it.
            if (request.Extra is { } extra)
            {
                extra.Remove("priority");
            }

            var estimated = EstimateTokens(request, options);
            return (new ValidatedChatRequest(request, request.Model!, priority, estimated), null);
        }
    }

    private static OpenAIErrorResult? CheckFields(JsonElement root, GatewayOptions options, out JobPriority? priority)
    {
        priority = null;
        if (!root.TryGetProperty("model", out var model))
        {
            return OpenAIErrors.Invalid("you must provide a model parameter", "model", "missing_required_parameter");
        }

        if (model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(model.GetString()))
        {
            return WrongType("model", "a non-empty string", model);
        }

        if (!root.TryGetProperty("messages", out var messages))
        {
            return OpenAIErrors.Invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return WrongType("messages", "an array", messages);
        }

        if (messages.GetArrayLength() == 0)
        {
            return OpenAIErrors.Invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var error = CheckMessage(message, $"messages[{index}]");
            if (error is not null)
            {
                return error;
            }

            index++;
        }

        return CheckNumber(root, "temperature", 0, 2, integer: false)
            ?? CheckNumber(root, "top_p", 0, 1, integer: false)
            ?? CheckNumber(root, "n", 1, 8, integer: true)
            ?? CheckNumber(root, "max_tokens", 1, options.MaxOutputTokens, integer: true)
            ?? CheckNumber(root, "max_completion_tokens", 1, options.MaxOutputTokens, integer: true)
            ?? CheckNumber(root, "presence_penalty", -2, 2, integer: false)
            ?? CheckNumber(root, "frequency_penalty", -2, 2, integer: false)
            ?? CheckNumber(root, "seed", long.MinValue, long.MaxValue, integer: true)
            ?? CheckBoolean(root, "stream")
            ?? CheckStreamOptions(root)
            ?? CheckStop(root)
            ?? CheckString(root, "user", 256)
            ?? CheckPriority(root, out priority);
    }

    private static OpenAIErrorResult? CheckMessage(JsonElement message, string path)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return WrongType(path, "an object", message);
        }

        if (!message.TryGetProperty("role", out var role))
        {
            return OpenAIErrors.Invalid($"Missing required parameter: '{path}.role'.", $"{path}.role", "missing_required_parameter");
        }

        if (role.ValueKind != JsonValueKind.String)
        {
            return WrongType($"{path}.role", "a string", role);
        }

        var roleName = role.GetString()!;
        if (!Roles.Contains(roleName))
        {
            return OpenAIErrors.Invalid(
                $"Invalid value: '{Truncate(roleName)}'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool' and 'function'.",
                $"{path}.role", "invalid_value");
        }

        var hasContent = message.TryGetProperty("content", out var content);
        if (!hasContent || content.ValueKind == JsonValueKind.Null)
        {
            // Only an assistant message that calls tools may go without content.
            return roleName == "assistant" && (message.TryGetProperty("tool_calls", out _) || message.TryGetProperty("function_call", out _))
                ? null
                : OpenAIErrors.Invalid($"Missing required parameter: '{path}.content'.", $"{path}.content", "missing_required_parameter");
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var part in content.EnumerateArray())
                {
                    var partPath = $"{path}.content[{i}]";
                    if (part.ValueKind != JsonValueKind.Object)
                    {
                        return WrongType(partPath, "an object", part);
                    }

                    if (!part.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                    {
                        return OpenAIErrors.Invalid($"Missing required parameter: '{partPath}.type'.", $"{partPath}.type", "missing_required_parameter");
                    }

                    if (type.GetString() == "text" && (!part.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String))
                    {
                        return OpenAIErrors.Invalid($"Invalid type for '{partPath}.text': expected a string.", $"{partPath}.text", "invalid_type");
                    }

                    i++;
                }

                return null;
            default:
                return WrongType($"{path}.content", "a string or an array of content parts", content);
        }
    }

    private static OpenAIErrorResult? CheckNumber(JsonElement root, string name, double min, double max, bool integer)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            return WrongType(name, integer ? "an integer" : "a number", value);
        }

        if (integer && !value.TryGetInt64(out _))
        {
            return WrongType(name, "an integer", value);
        }

        var number = value.GetDouble();
        if (number < min || number > max)
        {
            return OpenAIErrors.Invalid(
                $"Invalid '{name}': {value.GetRawText()} is out of range. Expected a value between {min} and {max}.", name,
                number < min ? "decimal_below_min_value" : "decimal_above_max_value");
        }

        return null;
    }

    private static OpenAIErrorResult? CheckBoolean(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null)
            ? WrongType(name, "a boolean", value)
            : null;

    private static OpenAIErrorResult? CheckString(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return WrongType(name, "a string", value);
        }

        return value.GetString()!.Length > maxLength
            ? OpenAIErrors.Invalid($"Invalid '{name}': string too long. Expected a string with maximum length {maxLength}.", name, "string_above_max_length")
            : null;
    }

    private static OpenAIErrorResult? CheckStreamOptions(JsonElement root)
    {
        if (!root.TryGetProperty("stream_options", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return WrongType("stream_options", "an object", value);
        }

        if (!(root.TryGetProperty("stream", out var stream) && stream.ValueKind == JsonValueKind.True))
        {
            return OpenAIErrors.Invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
        }

        return value.TryGetProperty("include_usage", out var include) && include.ValueKind is not (JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null)
            ? WrongType("stream_options.include_usage", "a boolean", include)
            : null;
    }

    private static OpenAIErrorResult? CheckStop(JsonElement root)
    {
        if (!root.TryGetProperty("stop", out var stop) || stop.ValueKind is JsonValueKind.Null or JsonValueKind.String)
        {
            return null;
        }

        if (stop.ValueKind != JsonValueKind.Array)
        {
            return WrongType("stop", "a string or an array of strings", stop);
        }

        if (stop.GetArrayLength() > 4)
        {
            return OpenAIErrors.Invalid("Invalid 'stop': array too long. Expected an array with maximum length 4.", "stop", "array_above_max_length");
        }

        return stop.EnumerateArray().Any(s => s.ValueKind != JsonValueKind.String)
            ? OpenAIErrors.Invalid("Invalid 'stop': expected an array of strings.", "stop", "invalid_type")
            : null;
    }

    private static OpenAIErrorResult? CheckPriority(JsonElement root, out JobPriority? priority)
    {
        priority = null;
        if (!root.TryGetProperty("priority", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && PriorityParser.TryParse(value.GetString(), out var parsed))
        {
            priority = parsed;
            return null;
        }

        return OpenAIErrors.Invalid("Invalid 'priority': expected 'high', 'normal' or 'low'.", "priority", "invalid_value");
    }

    private static OpenAIErrorResult WrongType(string param, string expected, JsonElement actual) =>
        OpenAIErrors.Invalid($"Invalid type for '{param}': expected {expected}, but got {Describe(actual.ValueKind)} instead.", param, "invalid_type");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "an unknown value",
    };

    // The parser's message names the position, never echoes content (which could be a prompt).
    private static string Describe(JsonException ex) =>
        ex.LineNumber is { } line ? $"invalid JSON at line {line + 1}, byte {ex.BytePositionInLine + 1}" : "invalid JSON";

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "...";

    private static long EstimateTokens(ChatCompletionRequest request, GatewayOptions options)
    {
        // About four characters per token for English text, plus a few tokens of framing per message:
        // close enough to budget by, and independent of any one tokenizer.
        long characters = 0;
        foreach (var message in request.Messages!)
        {
            characters += message.GetText().Length + 16;
        }

        var output = (long)(request.OutputTokenLimit ?? options.DefaultOutputTokensEstimate) * (request.N ?? 1);
        return characters / 4 + output;
    }
}
