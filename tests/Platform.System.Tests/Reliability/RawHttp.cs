using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Platform.SystemTests.Reliability;

/// <summary>
/// Sends bytes to a server over a plain TCP socket and reads one HTTP/1.1 response: for requests an HTTP client
/// refuses to build (CRLF in a header, a bad Content-Length, raw bytes in the path).
/// </summary>
internal static class RawHttp
{
    /// <summary>A parsed response; <see cref="Status"/> is 0 when the server closed without answering.</summary>
    public sealed record Response(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
    {
        public string? Header(string name) =>
            Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    /// <summary>Sends <paramref name="request"/>, optionally half-closes, and reads the response until the server closes or the timeout passes.</summary>
    public static async Task<Response> SendAsync(Uri server, byte[] request, bool halfClose, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await client.ConnectAsync(server.Host, server.Port, deadline.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, deadline.Token);
            if (halfClose)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server may close as soon as it has seen enough (e.g. a huge header): read what it answered.
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
                if (Parse(received.ToArray()) is { } complete)
                {
                    return complete;
                }
            }
        }
        catch (IOException)
        {
            // Reset after the answer: parse what arrived.
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete response within {timeout}; received: {Encoding.ASCII.GetString(received.ToArray())}");
        }

        return Parse(received.ToArray(), atEnd: true) ?? new Response(0, [], Encoding.UTF8.GetString(received.ToArray()));
    }

    /// <summary>A whole response, or null while more bytes are needed.</summary>
    private static Response? Parse(byte[] data, bool atEnd = false)
    {
        var text = Encoding.Latin1.GetString(data);
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headerEnd < 0)
        {
            return null;
        }

        var lines = text[..headerEnd].Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return new Response(0, [], text);
        }

        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
            .Select(p => new KeyValuePair<string, string>(p[0].Trim(), p[1].Trim())).ToList();
        var bodyBytes = data.AsSpan((Encoding.Latin1.GetByteCount(text[..headerEnd]) + 4)..);
        var length = headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
        if (length is not null)
        {
            var expected = int.Parse(length, CultureInfo.InvariantCulture);
            return bodyBytes.Length >= expected ? new Response(status, headers, Encoding.UTF8.GetString(bodyBytes[..expected])) : null;
        }

        if (headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)))
        {
            var body = Dechunk(bodyBytes.ToArray());
            return body is not null ? new Response(status, headers, body) : atEnd ? new Response(status, headers, Encoding.UTF8.GetString(bodyBytes)) : null;
        }

        return new Response(status, headers, Encoding.UTF8.GetString(bodyBytes));
    }

    private static string? Dechunk(byte[] data)
    {
        var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = Array.IndexOf(data, (byte)'\n', position);
            if (lineEnd < 0)
            {
                return null;
            }

            var size = int.Parse(Encoding.ASCII.GetString(data, position, lineEnd - position).Trim().Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return Encoding.UTF8.GetString(body.ToArray());
            }

            if (lineEnd + 1 + size + 2 > data.Length)
            {
                return null;
            }

            body.Write(data, lineEnd + 1, size);
            position = lineEnd + 1 + size + 2;
        }
    }
}
