using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes;

public sealed partial class KubernetesClient
{
    /// <summary>
    /// Watches a collection: a stream of newline-delimited JSON events (ADDED, MODIFIED, DELETED, BOOKMARK).
    /// The sequence ends when the server closes the stream (timeout) or the connection drops; resume from the last
    /// seen resourceVersion. An ERROR event with 410 Gone throws <see cref="ResourceVersionExpiredException"/>
    /// (relist), any other ERROR throws <see cref="KubernetesException"/>.
    /// </summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace; null for all namespaces.</param>
    /// <param name="options">Where to start, bookmarks, timeout, selectors.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync<T>(
        ResourceDescriptor resource,
        string? namespaceName,
        WatchOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= new WatchOptions();
        var query = new QueryBuilder();
        query.Add("watch", "true");
        query.Add("resourceVersion", options.ResourceVersion);
        query.Add("allowWatchBookmarks", options.AllowWatchBookmarks ? "true" : null);
        query.Add("timeoutSeconds", options.Timeout is { } t ? ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null);
        query.Add("labelSelector", options.LabelSelector);
        query.Add("fieldSelector", options.FieldSelector);

        // A connection that goes silent without closing would hang forever: give up a while after the server's own timeout.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (options.Timeout is { } serverTimeout)
        {
            deadline.CancelAfter(serverTimeout + TimeSpan.FromSeconds(30));
        }

        using var response = await SendAsync(HttpMethod.Get, resource.CollectionPath(namespaceName) + query, content: null, streaming: true, deadline.Token);
        await EnsureSuccessAsync(response, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        using var reader = new StreamReader(stream);
        while (await ReadLineAsync(reader, cancellationToken, deadline.Token) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            yield return ParseWatchEvent<T>(line);
        }
    }

    internal static WatchEvent<T> ParseWatchEvent<T>(string line)
        where T : class
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var typeText = root.TryGetProperty("type", out var typeElement) ? typeElement.GetString() : null;
        if (!root.TryGetProperty("object", out var objectElement))
        {
            throw new KubernetesException($"A watch event has no object (type {typeText}).");
        }

        var type = typeText switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            _ => throw new KubernetesException($"Unknown watch event type '{typeText}'."),
        };

        if (type == WatchEventType.Error)
        {
            var status = objectElement.Deserialize<V1Status>(KubernetesJson.Options) ?? new V1Status();
            var code = (HttpStatusCode)(status.Code ?? 500);
            throw CreateException(code, status.Reason, objectElement.GetRawText());
        }

        var value = objectElement.Deserialize<T>(KubernetesJson.Options)
            ?? throw new KubernetesException($"A {typeText} watch event has a null object.");
        return new WatchEvent<T>(type, value);
    }

    private static async Task<string?> ReadLineAsync(StreamReader reader, CancellationToken callerToken, CancellationToken deadlineToken)
    {
        try
        {
            return await reader.ReadLineAsync(deadlineToken);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            // Our own deadline: treat like the server closing the stream.
            return null;
        }
        catch (IOException)
        {
            // The connection dropped: the watch ends and the caller resumes from its last resourceVersion.
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
