using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.Kubernetes.Testing;

/// <summary>
/// A TEST DOUBLE of the Kubernetes API server: an in-process HTTP server (Kestrel on 127.0.0.1, a free port) for
/// tests of clients and controllers, because no real API server can run here. It is not Kubernetes; it implements
/// these conventions faithfully:
/// <list type="bullet">
/// <item>REST paths <c>/api/v1/...</c> and <c>/apis/{group}/{version}/...</c>, namespaced and cluster-scoped, for any
/// resource registered with <see cref="RegisterResource"/> (deployments, leases and events.k8s.io events are built in).</item>
/// <item>One global resourceVersion counter bumped on every write; no-op updates do not bump it.
/// <c>metadata.uid</c>, <c>creationTimestamp</c> and <c>generation</c> are server-owned; generation bumps on spec changes only.</item>
/// <item>Errors as <c>Status</c> JSON: 404 NotFound, 409 AlreadyExists (create) and Conflict (stale resourceVersion on
/// PUT or in a patch), 410 Gone/Expired (watch from, or continue token of, a resourceVersion older than the retained
/// history), 422 Invalid (bad names, negative replicas, failed JSON patch), 415 for unsupported patch types.</item>
/// <item>List with label/field selectors and <c>limit</c>/<c>continue</c> paging (list resourceVersion in <c>metadata</c>).</item>
/// <item>Watch as a chunked stream of newline-delimited JSON events: initial ADDED events when no resourceVersion is
/// given, replay of retained history after a given one, BOOKMARKs when <c>allowWatchBookmarks=true</c>, an ERROR event
/// with a 410 Status for expired versions, and <c>timeoutSeconds</c>.</item>
/// <item>Merge patch (<c>application/merge-patch+json</c>) and JSON patch (<c>application/json-patch+json</c>).</item>
/// <item>The status subresource (writes only status; the main resource ignores status) and the autoscaling/v1 scale
/// subresource (<c>spec.replicas</c>, <c>status.replicas</c>, selector).</item>
/// </list>
/// Not implemented: strategic merge patch, server-side apply, admission, defaulting, finalizers and graceful deletion,
/// set-based label selectors, RBAC, and controllers (except an opt-in stand-in deployment controller, <see cref="SimulateDeploymentController"/>). Fault injection (<see cref="FailNext"/>, <see cref="DropWatches"/>,
/// <see cref="CompactHistory"/>) and a request log (<see cref="Requests"/>) serve resilience tests.
/// </summary>
public sealed partial class TestKubernetesApiServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RegisteredResource> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, JsonObject>> _objects = new(StringComparer.Ordinal);
    private readonly LinkedList<HistoryEvent> _history = new();
    private readonly List<Watcher> _watchers = [];
    private readonly List<Fault> _faults = [];
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly HashSet<string> _acceptedTokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private WebApplication? _app;
    private long _resourceVersion;
    private long _compactedThrough;

    private TestKubernetesApiServer(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
        RegisterResource("apps", "v1", "deployments", namespaced: true, hasStatus: true, hasScale: true, kind: "Deployment");
        RegisterResource("coordination.k8s.io", "v1", "leases", namespaced: true, kind: "Lease");
        RegisterResource("events.k8s.io", "v1", "events", namespaced: true, kind: "Event");
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>How many events the watch history retains; older resourceVersions become 410 Gone. Default: 10 000.</summary>
    public int HistoryLimit { get; set; } = 10_000;

    /// <summary>How often a watch that asked for bookmarks gets one. Default: 500 ms (a real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Whether a stand-in deployment controller runs: after every write of a Deployment it sets, as a separate write,
    /// <c>status.replicas</c>, <c>updatedReplicas</c>, <c>readyReplicas</c> and <c>availableReplicas</c> to
    /// <c>spec.replicas</c> and <c>observedGeneration</c> to the generation (every pod instantly ready). Default: false.
    /// </summary>
    public bool SimulateDeploymentController { get; set; }

    /// <summary>The current (latest) resourceVersion.</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>Every request received so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>How many watch streams are open now.</summary>
    public int OpenWatchCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    /// <summary>Starts a server on 127.0.0.1 on a free port.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static Task<TestKubernetesApiServer> StartAsync(CancellationToken cancellationToken) => StartAsync(TimeProvider.System, cancellationToken);

    /// <summary>Starts a server on 127.0.0.1 on a free port, with the given clock for timestamps.</summary>
    /// <param name="timeProvider">The clock for creationTimestamp.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server; dispose it to stop.</returns>
    public static async Task<TestKubernetesApiServer> StartAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var server = new TestKubernetesApiServer(timeProvider);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        server._app = app;
        return server;
    }

    /// <summary>Registers a resource so it can be served, e.g. a custom resource.</summary>
    /// <param name="group">The API group; empty for the core group.</param>
    /// <param name="version">The version.</param>
    /// <param name="plural">The plural name.</param>
    /// <param name="namespaced">Whether objects live in namespaces.</param>
    /// <param name="hasStatus">Whether it has a status subresource.</param>
    /// <param name="hasScale">Whether it has a scale subresource (<c>spec.replicas</c>/<c>status.replicas</c>).</param>
    /// <param name="kind">The kind; null takes what clients send.</param>
    public void RegisterResource(string group, string version, string plural, bool namespaced, bool hasStatus = false, bool hasScale = false, string? kind = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(plural);
        var resource = new RegisteredResource(group, version, plural, namespaced, hasStatus, hasScale, kind);
        lock (_lock)
        {
            _resources[resource.Key] = resource;
            _objects.TryAdd(resource.Key, new SortedDictionary<string, JsonObject>(StringComparer.Ordinal));
        }
    }

    /// <summary>Makes the next <paramref name="count"/> matching requests fail with <paramref name="statusCode"/>.</summary>
    /// <param name="predicate">Receives the method and the path (without query).</param>
    /// <param name="statusCode">The status code to answer with (as a Status object, unless <paramref name="rawBody"/> is given).</param>
    /// <param name="count">How many requests to fail.</param>
    /// <param name="rawBody">A non-JSON body to answer with instead of a Status object (e.g. a proxy's HTML page).</param>
    public void FailNext(Func<string, string, bool> predicate, int statusCode, int count = 1, string? rawBody = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_lock)
        {
            _faults.Add(new Fault(predicate, statusCode, count, rawBody));
        }
    }

    /// <summary>Aborts every open watch connection, as a network failure or an API server restart would.</summary>
    public void DropWatches()
    {
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Drop.Cancel();
            }
        }
    }

    /// <summary>Forgets the event history (as etcd compaction does): every resourceVersion before now becomes 410 Gone for watches and continue tokens.</summary>
    public void CompactHistory()
    {
        lock (_lock)
        {
            _history.Clear();
            _compactedThrough = _resourceVersion;
        }
    }

    /// <summary>Requires a bearer token from this set on every request (401 otherwise); no tokens turns authentication off.</summary>
    /// <param name="tokens">The accepted tokens.</param>
    public void SetAcceptedTokens(params string[] tokens)
    {
        lock (_lock)
        {
            _acceptedTokens.Clear();
            _acceptedTokens.UnionWith(tokens);
        }
    }

    /// <summary>A client configuration pointing at this server.</summary>
    /// <param name="userAgent">The User-Agent the client sends (tells clients apart in <see cref="Requests"/>).</param>
    /// <param name="token">A bearer token, if authentication is on.</param>
    /// <returns>The configuration, with namespace <c>default</c>.</returns>
    public KubernetesClientConfiguration CreateClientConfiguration(string userAgent = "test-client", string? token = null) => new()
    {
        Host = BaseAddress,
        Namespace = "default",
        AccessToken = token,
        UserAgent = userAgent,
    };

    /// <summary>Writes a kubeconfig file pointing at this server (context <c>test</c>, namespace <c>default</c>).</summary>
    /// <param name="path">Where to write it.</param>
    /// <param name="token">A bearer token to put in it, if any.</param>
    public void WriteKubeconfig(string path, string? token = null)
    {
        var user = token is null ? "{}" : $"{{ token: \"{token}\" }}";
        var yaml = $"""
            apiVersion: v1
            kind: Config
            current-context: test
            clusters:
            - name: test
              cluster:
                server: {BaseAddress.ToString().TrimEnd('/')}
            users:
            - name: test
              user: {user}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
                namespace: default
            """;
        File.WriteAllText(path, yaml);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        DropWatches();
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }
    }

    private string Now() => _timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record RegisteredResource(string Group, string Version, string Plural, bool Namespaced, bool HasStatus, bool HasScale, string? Kind)
    {
        public string Key => $"{Group}/{Version}/{Plural}";

        public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

        public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
    }

    private sealed record HistoryEvent(long ResourceVersion, string ResourceKey, string Type, JsonObject Object, JsonObject? Previous);

    private sealed class Fault(Func<string, string, bool> predicate, int statusCode, int count, string? rawBody)
    {
        public Func<string, string, bool> Predicate { get; } = predicate;

        public int StatusCode { get; } = statusCode;

        public int Remaining { get; set; } = count;

        public string? RawBody { get; } = rawBody;
    }

    private sealed class Watcher(string resourceKey, string? namespaceName, string? labelSelector, string? fieldSelector) : IDisposable
    {
        public string ResourceKey { get; } = resourceKey;

        public string? Namespace { get; } = namespaceName;

        public string? LabelSelector { get; } = labelSelector;

        public string? FieldSelector { get; } = fieldSelector;

        public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>();

        public CancellationTokenSource Drop { get; } = new();

        public void Dispose() => Drop.Dispose();
    }
}
