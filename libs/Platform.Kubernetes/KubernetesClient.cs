using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Platform.Kubernetes.Configuration;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Serialization;

namespace Platform.Kubernetes;

/// <summary>
/// Typed calls to the Kubernetes REST API over any <see cref="ResourceDescriptor"/>: get, list, watch, create,
/// replace, patch, delete, the status and scale subresources and Events. Errors surface as <see cref="KubernetesException"/>.
/// </summary>
public sealed partial class KubernetesClient : IDisposable
{
    private const string JsonMediaType = "application/json";
    private readonly HttpClient _http;
    private readonly BearerTokenSource _tokens;
    private readonly KubernetesClientConfiguration _configuration;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client with its own HTTP handler (TLS settings, client certificate from the configuration).</summary>
    /// <param name="configuration">Where the server is and how to authenticate.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock (token refresh, event times); null for the system clock.</param>
    public KubernetesClient(KubernetesClientConfiguration configuration, ILogger<KubernetesClient>? logger = null, TimeProvider? timeProvider = null)
        : this(configuration, CreateHandler(configuration), logger, timeProvider)
    {
    }

    /// <summary>Creates a client over the given handler (which owns TLS settings).</summary>
    /// <param name="configuration">Where the server is and how to authenticate.</param>
    /// <param name="handler">The HTTP handler; disposed with the client.</param>
    /// <param name="logger">A logger; null for none.</param>
    /// <param name="timeProvider">The clock; null for the system clock.</param>
    public KubernetesClient(KubernetesClientConfiguration configuration, HttpMessageHandler handler, ILogger<KubernetesClient>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _configuration = configuration;
        _logger = logger ?? NullLogger<KubernetesClient>.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _tokens = new BearerTokenSource(configuration, _timeProvider);

        // Watches stream for minutes: the per-request timeout is applied per call instead.
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = configuration.Host, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(configuration.UserAgent);
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue(JsonMediaType));
    }

    /// <summary>The configuration this client uses.</summary>
    public KubernetesClientConfiguration Configuration => _configuration;

    /// <summary>Reads one object.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace (ignored for cluster-scoped resources).</param>
    /// <param name="name">The object name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The object.</returns>
    public Task<T> GetAsync<T>(ResourceDescriptor resource, string? namespaceName, string name, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Get, resource.ObjectPath(namespaceName, name), content: null, cancellationToken);
    }

    /// <summary>Lists one page of objects. Follow <see cref="ListMeta.Continue"/> for the next page.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace; null for all namespaces.</param>
    /// <param name="options">Selectors, page size, continue token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The items, the list resourceVersion and the continue token.</returns>
    public Task<KubernetesList<T>> ListAsync<T>(ResourceDescriptor resource, string? namespaceName, ListOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var query = new QueryBuilder();
        if (options is not null)
        {
            query.Add("labelSelector", options.LabelSelector);
            query.Add("fieldSelector", options.FieldSelector);
            query.Add("limit", options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            query.Add("continue", options.Continue);
            query.Add("resourceVersion", options.ResourceVersion);
        }

        return SendForObjectAsync<KubernetesList<T>>(HttpMethod.Get, resource.CollectionPath(namespaceName) + query, content: null, cancellationToken);
    }

    /// <summary>Creates an object (POST). Fails with 409 AlreadyExists if it exists.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace (ignored for cluster-scoped resources).</param>
    /// <param name="value">The object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created object as the server stored it.</returns>
    public Task<T> CreateAsync<T>(ResourceDescriptor resource, string? namespaceName, T value, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Post, resource.CollectionPath(resource.Namespaced ? namespaceName : null), JsonContent(value), cancellationToken);
    }

    /// <summary>
    /// Replaces an object (PUT). With <c>metadata.resourceVersion</c> set, fails with 409 Conflict if the object
    /// changed since that version (optimistic concurrency).
    /// </summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="value">The new object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stored object.</returns>
    public Task<T> ReplaceAsync<T>(ResourceDescriptor resource, string? namespaceName, string name, T value, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Put, resource.ObjectPath(namespaceName, name), JsonContent(value), cancellationToken);
    }

    /// <summary>Patches an object with a merge patch or a JSON patch.</summary>
    /// <typeparam name="T">The object type.</typeparam>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="patch">The patch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The patched object.</returns>
    public Task<T> PatchAsync<T>(ResourceDescriptor resource, string? namespaceName, string name, KubernetesPatch patch, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(resource);
        return SendForObjectAsync<T>(HttpMethod.Patch, resource.ObjectPath(namespaceName, name), PatchContent(patch), cancellationToken);
    }

    /// <summary>Deletes an object.</summary>
    /// <param name="resource">The resource.</param>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="name">The object name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server accepted the deletion.</returns>
    public async Task DeleteAsync(ResourceDescriptor resource, string? namespaceName, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        using var response = await SendAsync(HttpMethod.Delete, resource.ObjectPath(namespaceName, name), content: null, streaming: false, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    internal static bool ValidateServerCertificate(X509Certificate2? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // Only chain errors can be cured by the configured CA; a missing certificate or a wrong host name cannot.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private static HttpClientHandler CreateHandler(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var handler = new HttpClientHandler();
        if (configuration.ClientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(configuration.ClientCertificate);
        }

        if (configuration.SkipTlsVerify)
        {
#pragma warning disable CA5359 // The user asked for insecure-skip-tls-verify in their kubeconfig.
            handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (configuration.CertificateAuthorities is { Count: > 0 } authorities)
        {
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) => ValidateServerCertificate(certificate, errors, authorities);
        }

        return handler;
    }

    private static StringContent JsonContent<T>(T value) =>
        new(JsonSerializer.Serialize(value, KubernetesJson.Options), Encoding.UTF8, JsonMediaType);

    private static StringContent PatchContent(KubernetesPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var content = new StringContent(patch.Body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(patch.ContentType);
        return content;
    }

    private async Task<T> SendForObjectAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using (content)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_configuration.RequestTimeout);
            try
            {
                using var response = await SendAsync(method, path, content, streaming: false, timeout.Token);
                await EnsureSuccessAsync(response, timeout.Token);
                await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
                return await JsonSerializer.DeserializeAsync<T>(stream, KubernetesJson.Options, timeout.Token)
                    ?? throw new KubernetesException($"{method} {path} returned an empty body.");
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{method} {path} did not complete within {_configuration.RequestTimeout}.", exception);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, bool streaming, CancellationToken cancellationToken)
    {
        // A body can be sent only once: buffer it so that a retry after 401 can resend it.
        var body = content is null ? null : await content.ReadAsByteArrayAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = content!.Headers.ContentType;
            }

            var token = _tokens.GetToken(forceRefresh: attempt > 0);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            var response = await _http.SendAsync(request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
            Log.Request(_logger, method.Method, path, (int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0 && _tokens.CanRefresh)
            {
                // The token file may have rotated since we last read it.
                Log.RetryingAfterUnauthorized(_logger);
                response.Dispose();
                continue;
            }

            return response;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        throw CreateException(response.StatusCode, response.ReasonPhrase, body);
    }

    internal static KubernetesException CreateException(HttpStatusCode statusCode, string? reasonPhrase, string body)
    {
        V1Status? status = null;
        try
        {
            status = JsonSerializer.Deserialize<V1Status>(body, KubernetesJson.Options);
            if (status is not null && !string.Equals(status.Kind, "Status", StringComparison.Ordinal) && status.Message is null)
            {
                status = null;
            }
        }
        catch (JsonException)
        {
            // Not a Status object (a proxy's HTML page, plain text): described below.
        }

        status ??= new V1Status
        {
            Kind = "Status",
            ApiVersion = "v1",
            Status = "Failure",
            Code = (int)statusCode,
            Reason = reasonPhrase ?? statusCode.ToString(),
            Message = string.IsNullOrWhiteSpace(body) ? $"HTTP {(int)statusCode} with an empty body" : Truncate(body.Trim(), 512),
        };
        status.Code ??= (int)statusCode;
        return statusCode == HttpStatusCode.Gone || status.Code == 410
            ? new ResourceVersionExpiredException(status)
            : new KubernetesException(statusCode, status);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "...";

    private sealed class QueryBuilder
    {
        private readonly StringBuilder _builder = new();

        public void Add(string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            _builder.Append(_builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        public override string ToString() => _builder.ToString();
    }
}
