using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Kubernetes.Models;

namespace Platform.Kubernetes.Runtime;

/// <summary>
/// A shared informer (client-go's <c>SharedIndexInformer</c>, KubernetesClient's informer): lists then watches a
/// resource, keeps a cache keyed by <c>namespace/name</c>, and tells any number of handlers about adds, updates and
/// deletes. A dropped or timed-out watch resumes from the last seen resourceVersion (bookmarks keep it fresh);
/// 410 Gone makes it list again, and the differences are delivered as events. A resync period re-delivers every
/// cached object as an update.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class Informer<T>
    where T : class, IKubernetesObject
{
    private readonly KubernetesClient _client;
    private readonly ResourceDescriptor _resource;
    private readonly InformerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, T> _cache = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Handlers run one at a time, in event order, whether from the watch or from a resync.
    private readonly Lock _dispatchLock = new();
    private ImmutableArray<ResourceEventCallbacks<T>> _handlers = [];
    private volatile string? _resourceVersion;

    /// <summary>Creates the informer; call <see cref="RunAsync"/> to start it.</summary>
    /// <param name="client">The API client.</param>
    /// <param name="resource">The resource to watch.</param>
    /// <param name="options">Namespace, selector, resync period; null for the defaults.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock for resync and retry delays; null for the system clock.</param>
    public Informer(KubernetesClient client, ResourceDescriptor resource, InformerOptions? options = null, ILogger<Informer<T>>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        _client = client;
        _resource = resource;
        _options = options ?? new InformerOptions();
        _logger = logger ?? NullLogger<Informer<T>>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Whether the first list has completed and the cache reflects the server.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The last resourceVersion seen (list, event or bookmark); a watch resumes from here.</summary>
    public string? LastSyncResourceVersion => _resourceVersion;

    /// <summary>Adds a handler. Added after the first sync, it is first told about every cached object as an add.</summary>
    /// <param name="handler">The callbacks.</param>
    public void AddEventHandler(ResourceEventCallbacks<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_dispatchLock)
        {
            _handlers = _handlers.Add(handler);
            foreach (var value in _cache.Values)
            {
                Invoke(handler.OnAdd, value);
            }
        }
    }

    /// <summary>Waits until the first list has completed.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when synced.</returns>
    public Task WaitForCacheSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Reads an object from the cache.</summary>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The name.</param>
    /// <returns>The cached object, or null.</returns>
    public T? Get(string? namespaceName, string name) => _cache.TryGetValue(CacheKey.For(namespaceName, name), out var value) ? value : null;

    /// <summary>Every cached object.</summary>
    /// <returns>A snapshot of the cache.</returns>
    public IReadOnlyList<T> List() => [.. _cache.Values];

    /// <summary>Lists and watches until cancelled, recovering from dropped watches, expired versions and errors.</summary>
    /// <param name="cancellationToken">Stops the informer.</param>
    /// <returns>A task that completes when stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var resync = _options.ResyncPeriod is { } period && period > TimeSpan.Zero
            ? ResyncLoopAsync(period, cancellationToken)
            : Task.CompletedTask;
        var needList = true;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (needList)
                    {
                        await ListAndReplaceAsync(cancellationToken);
                        needList = false;
                    }

                    var started = _timeProvider.GetTimestamp();
                    var events = await WatchOnceAsync(cancellationToken);
                    Log.WatchEnded(_logger, _resource.Plural, _resourceVersion);

                    // A watch that ends at once without events (a server refusing watches) must not spin.
                    if (events == 0 && _timeProvider.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
                    {
                        await Task.Delay(RetryDelay(failures++), _timeProvider, cancellationToken);
                    }
                    else
                    {
                        failures = 0;
                    }
                }
                catch (ResourceVersionExpiredException)
                {
                    Log.WatchExpired(_logger, _resource.Plural, _resourceVersion);
                    needList = true;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception exception) when (exception is KubernetesException or HttpRequestException or IOException or TimeoutException or System.Text.Json.JsonException)
                {
                    var delay = RetryDelay(failures++);
                    Log.ListWatchFailed(_logger, exception, _resource.Plural, delay);
                    try
                    {
                        await Task.Delay(delay, _timeProvider, cancellationToken);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await resync;
        }
    }

    private TimeSpan RetryDelay(int failures) =>
        BackoffCalculator.Delay(failures, _options.InitialRetryDelay, _options.MaxRetryDelay);

    private async Task ListAndReplaceAsync(CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? continueToken = null;
        string? resourceVersion = null;
        do
        {
            var page = await _client.ListAsync<T>(
                _resource,
                _options.Namespace,
                new ListOptions { LabelSelector = _options.LabelSelector, Limit = _options.PageSize, Continue = continueToken },
                cancellationToken);
            items.AddRange(page.Items);
            resourceVersion ??= page.Metadata.ResourceVersion;
            continueToken = page.Metadata.Continue;
        }
        while (!string.IsNullOrEmpty(continueToken));

        lock (_dispatchLock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var key = CacheKey.For(item);
                seen.Add(key);
                if (_cache.TryGetValue(key, out var old))
                {
                    _cache[key] = item;
                    if (!string.Equals(old.Metadata.ResourceVersion, item.Metadata.ResourceVersion, StringComparison.Ordinal))
                    {
                        Dispatch(h => Invoke(h.OnUpdate, old, item));
                    }
                }
                else
                {
                    _cache[key] = item;
                    Dispatch(h => Invoke(h.OnAdd, item));
                }
            }

            // Objects deleted while we were not watching.
            foreach (var key in _cache.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                if (_cache.TryRemove(key, out var gone))
                {
                    Dispatch(h => Invoke(h.OnDelete, gone));
                }
            }

            _resourceVersion = resourceVersion;
        }

        Log.Listed(_logger, _resource.Plural, items.Count, resourceVersion);
        _synced.TrySetResult();
    }

    private async Task<int> WatchOnceAsync(CancellationToken cancellationToken)
    {
        var options = new WatchOptions
        {
            ResourceVersion = _resourceVersion,
            AllowWatchBookmarks = true,
            Timeout = _options.WatchTimeout,
            LabelSelector = _options.LabelSelector,
        };
        var count = 0;
        await foreach (var watchEvent in _client.WatchAsync<T>(_resource, _options.Namespace, options, cancellationToken))
        {
            count++;
            var value = watchEvent.Object;
            lock (_dispatchLock)
            {
                switch (watchEvent.Type)
                {
                    case WatchEventType.Added:
                    case WatchEventType.Modified:
                        var key = CacheKey.For(value);
                        if (_cache.TryGetValue(key, out var old))
                        {
                            _cache[key] = value;
                            Dispatch(h => Invoke(h.OnUpdate, old, value));
                        }
                        else
                        {
                            _cache[key] = value;
                            Dispatch(h => Invoke(h.OnAdd, value));
                        }

                        break;
                    case WatchEventType.Deleted:
                        if (_cache.TryRemove(CacheKey.For(value), out var removed))
                        {
                            Dispatch(h => Invoke(h.OnDelete, removed));
                        }

                        break;
                    case WatchEventType.Bookmark:
                    default:
                        break;
                }

                if (!string.IsNullOrEmpty(value.Metadata.ResourceVersion))
                {
                    _resourceVersion = value.Metadata.ResourceVersion;
                }
            }
        }

        return count;
    }

    private async Task ResyncLoopAsync(TimeSpan period, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(period, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                lock (_dispatchLock)
                {
                    foreach (var value in _cache.Values)
                    {
                        Dispatch(h => Invoke(h.OnUpdate, value, value));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Dispatch(Action<ResourceEventCallbacks<T>> action)
    {
        foreach (var handler in _handlers)
        {
            action(handler);
        }
    }

    private void Invoke(Action<T>? callback, T value)
    {
        try
        {
            callback?.Invoke(value);
        }
        catch (Exception exception)
        {
            // A faulty handler must not stop the informer for every other handler.
            Log.HandlerFailed(_logger, exception, _resource.Plural);
        }
    }

    private void Invoke(Action<T, T>? callback, T old, T value)
    {
        try
        {
            callback?.Invoke(old, value);
        }
        catch (Exception exception)
        {
            Log.HandlerFailed(_logger, exception, _resource.Plural);
        }
    }
}
