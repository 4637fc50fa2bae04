using System.Text.Json.Nodes;

namespace Platform.Kubernetes.Testing;

/// <summary>Label selectors (<c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>, <c>!a</c>) and field selectors on metadata.name/namespace.</summary>
internal static class Selectors
{
    public static bool MatchesLabels(JsonObject value, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        var labels = value["metadata"]?["labels"] as JsonObject;
        string? Label(string key) => labels?[key]?.GetValue<string>();
        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matched = raw switch
            {
                _ when raw.Contains("!=", StringComparison.Ordinal) => Label(raw[..raw.IndexOf("!=", StringComparison.Ordinal)].Trim()) != raw[(raw.IndexOf("!=", StringComparison.Ordinal) + 2)..].Trim(),
                _ when raw.Contains("==", StringComparison.Ordinal) => Label(raw[..raw.IndexOf("==", StringComparison.Ordinal)].Trim()) == raw[(raw.IndexOf("==", StringComparison.Ordinal) + 2)..].Trim(),
                _ when raw.Contains('=', StringComparison.Ordinal) => Label(raw[..raw.IndexOf('=', StringComparison.Ordinal)].Trim()) == raw[(raw.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim(),
                _ when raw.StartsWith('!') => Label(raw[1..].Trim()) is null,
                _ => Label(raw) is not null,
            };
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Validates a field selector; returns an error message or null.</summary>
    public static string? ValidateFields(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return null;
        }

        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var field = raw.Split(["!=", "==", "="], 2, StringSplitOptions.TrimEntries)[0];
            if (field is not ("metadata.name" or "metadata.namespace"))
            {
                return $"field label not supported: {field}";
            }
        }

        return null;
    }

    public static bool MatchesFields(JsonObject value, string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var raw in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var negate = raw.Contains("!=", StringComparison.Ordinal);
            var parts = raw.Split(["!=", "==", "="], 2, StringSplitOptions.TrimEntries);
            var actual = parts[0] switch
            {
                "metadata.name" => value["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => value["metadata"]?["namespace"]?.GetValue<string>(),
                _ => null,
            };
            var equal = string.Equals(actual ?? string.Empty, parts.Length > 1 ? parts[1] : string.Empty, StringComparison.Ordinal);
            if (equal == negate)
            {
                return false;
            }
        }

        return true;
    }
}
