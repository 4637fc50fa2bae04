using System.Text.Json.Nodes;

namespace Platform.Kubernetes.Testing;

/// <summary>RFC 7386 JSON merge patch and RFC 6902 JSON patch over <see cref="JsonNode"/> trees.</summary>
internal static class JsonPatchDocument
{
    /// <summary>Applies a merge patch: objects merge recursively, null removes, anything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            var existing = result[key];
            result[key] = Merge(existing, value);
        }

        return result;
    }

    /// <summary>Applies JSON patch operations (add, remove, replace, move, copy, test) to a copy of the document.</summary>
    /// <exception cref="InvalidOperationException">An operation is malformed, a path does not exist, or a test fails.</exception>
    public static JsonNode Apply(JsonNode document, JsonArray operations)
    {
        var root = document.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op)
            {
                throw new InvalidOperationException("A JSON patch operation must be an object.");
            }

            var name = op["op"]?.GetValue<string>() ?? throw new InvalidOperationException("A JSON patch operation needs 'op'.");
            var path = op["path"]?.GetValue<string>() ?? throw new InvalidOperationException($"JSON patch '{name}' needs 'path'.");
            switch (name)
            {
                case "add":
                    Add(root, path, Value(op));
                    break;
                case "remove":
                    Remove(root, path);
                    break;
                case "replace":
                    Remove(root, path);
                    Add(root, path, Value(op));
                    break;
                case "move":
                    var moved = Remove(root, From(op));
                    Add(root, path, moved);
                    break;
                case "copy":
                    Add(root, path, Get(root, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Get(root, path), op["value"]))
                    {
                        throw new InvalidOperationException($"JSON patch test failed at '{path}'.");
                    }

                    break;
                default:
                    throw new InvalidOperationException($"Unknown JSON patch op '{name}'.");
            }
        }

        return root;
    }

    private static JsonNode? Value(JsonObject op) =>
        op.TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw new InvalidOperationException("JSON patch op needs 'value'.");

    private static string From(JsonObject op) => op["from"]?.GetValue<string>() ?? throw new InvalidOperationException("JSON patch op needs 'from'.");

    private static List<string> Tokens(string pointer)
    {
        if (pointer.Length == 0 || pointer[0] != '/')
        {
            throw new InvalidOperationException($"'{pointer}' is not a JSON pointer to a member.");
        }

        return [.. pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))];
    }

    private static JsonNode? Get(JsonNode root, string pointer)
    {
        JsonNode? current = root;
        foreach (var token in Tokens(pointer))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new InvalidOperationException($"Path '{pointer}' does not exist."),
            };
        }

        return current;
    }

    private static JsonNode Parent(JsonNode root, string pointer, out string last)
    {
        var tokens = Tokens(pointer);
        last = tokens[^1];
        JsonNode? current = root;
        foreach (var token in tokens.Take(tokens.Count - 1))
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => throw new InvalidOperationException($"Path '{pointer}' does not exist."),
            };
        }

        return current ?? throw new InvalidOperationException($"Path '{pointer}' does not exist.");
    }

    private static void Add(JsonNode root, string pointer, JsonNode? value)
    {
        switch (Parent(root, pointer, out var last))
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new InvalidOperationException($"Cannot add at '{pointer}'.");
        }
    }

    private static JsonNode? Remove(JsonNode root, string pointer)
    {
        switch (Parent(root, pointer, out var last))
        {
            case JsonObject o when o.TryGetPropertyValue(last, out var existing):
                o.Remove(last);
                return existing;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw new InvalidOperationException($"Path '{pointer}' does not exist.");
        }
    }
}
