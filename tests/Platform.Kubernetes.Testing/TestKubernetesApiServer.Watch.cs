using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Platform.Kubernetes.Testing;

public sealed partial class TestKubernetesApiServer
{
    private async Task WatchAsync(HttpContext context, Route route)
    {
        var query = context.Request.Query;
        var fieldError = Selectors.ValidateFields(query["fieldSelector"]);
        if (fieldError is not null)
        {
            await WriteAsync(context, Failure(400, "BadRequest", fieldError));
            return;
        }

        string? resourceVersionText = query["resourceVersion"];
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;
        long fromVersion = 0;
        if (!string.IsNullOrEmpty(resourceVersionText) && resourceVersionText != "0"
            && !long.TryParse(resourceVersionText, CultureInfo.InvariantCulture, out fromVersion))
        {
            await WriteAsync(context, Failure(400, "BadRequest", $"invalid resourceVersion {resourceVersionText}"));
            return;
        }

        var initial = new List<string>();
        using var watcher = new Watcher(route.Resource.Key, route.Namespace, query["labelSelector"], query["fieldSelector"]);
        string? expired = null;
        lock (_lock)
        {
            if (fromVersion == 0)
            {
                // No resourceVersion: the current state first, as ADDED events.
                foreach (var (_, value) in Store(route.Resource).Where(o => Visible(route, o.Value, watcher.LabelSelector, watcher.FieldSelector)))
                {
                    initial.Add(EventLine("ADDED", value));
                }
            }
            else if (fromVersion < _compactedThrough)
            {
                expired = EventLine("ERROR", Status(410, "Expired", $"too old resource version: {fromVersion} ({_compactedThrough})", route: null, name: null, causes: null));
            }
            else
            {
                foreach (var historyEvent in _history.Where(e => e.ResourceVersion > fromVersion))
                {
                    if (LineFor(watcher, historyEvent) is { } line)
                    {
                        initial.Add(line);
                    }
                }
            }

            if (expired is null)
            {
                _watchers.Add(watcher);
            }
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            if (expired is not null)
            {
                // As a real server does: 200, then one ERROR event carrying the 410 Status, then the end of the stream.
                await context.Response.WriteAsync(expired, context.RequestAborted);
                return;
            }

            foreach (var line in initial)
            {
                await context.Response.WriteAsync(line, context.RequestAborted);
            }

            await context.Response.Body.FlushAsync(context.RequestAborted);
            await StreamAsync(context, route, watcher, bookmarks, timeout);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || watcher.Drop.IsCancellationRequested)
        {
            // The client went away, or the watch was dropped on purpose.
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(watcher);
            }

            if (watcher.Drop.IsCancellationRequested)
            {
                context.Abort();
            }
        }
    }

    private async Task StreamAsync(HttpContext context, Route route, Watcher watcher, bool bookmarks, TimeSpan timeout)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, watcher.Drop.Token);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            stop.CancelAfter(timeout);
        }

        var reader = watcher.Lines.Reader;
        while (!stop.IsCancellationRequested)
        {
            using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            if (bookmarks)
            {
                tick.CancelAfter(BookmarkInterval);
            }

            string line;
            try
            {
                line = await reader.ReadAsync(tick.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // Quiet for a bookmark interval: tell the client how far it has got.
                string? bookmark = null;
                lock (_lock)
                {
                    if (reader.Count == 0)
                    {
                        bookmark = EventLine("BOOKMARK", new JsonObject
                        {
                            ["kind"] = route.Resource.Kind,
                            ["apiVersion"] = route.Resource.ApiVersion,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = _resourceVersion.ToString(CultureInfo.InvariantCulture) },
                        });
                    }
                }

                if (bookmark is not null)
                {
                    await context.Response.WriteAsync(bookmark, stop.Token);
                    await context.Response.Body.FlushAsync(stop.Token);
                }

                continue;
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested && !watcher.Drop.IsCancellationRequested)
            {
                // timeoutSeconds elapsed: end the stream cleanly.
                return;
            }

            await context.Response.WriteAsync(line, stop.Token);
            await context.Response.Body.FlushAsync(stop.Token);
        }
    }
}
