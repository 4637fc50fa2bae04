namespace Platform.Gateway.Tests;

/// <summary>Parses a server-sent event stream the way the OpenAI SDKs do.</summary>
internal static class SseReader
{
    /// <summary>The data of every event, in order, until the stream ends.</summary>
    public static async Task<List<string>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var events = new List<string>();
        var data = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    events.Add(string.Join('\n', data));
                    data.Clear();
                }
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart(' '));
            }
        }

        return events;
    }

    /// <summary>The text of the first comment line (<c>:</c>...).</summary>
    public static async Task<string> ReadFirstCommentAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(':'))
            {
                return line[1..];
            }
        }

        throw new InvalidOperationException("The stream ended without a comment line.");
    }
}
