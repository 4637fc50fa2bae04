using System.Security.Cryptography.X509Certificates;
using System.Text;
using Platform.Kubernetes.Configuration;
using YamlDotNet.Serialization;

namespace Platform.Kubernetes;

/// <summary>
/// Where the API server is and how to authenticate: from a kubeconfig file (current context) or from the
/// in-cluster service account. Shaped like KubernetesClient's class of the same name.
/// </summary>
public sealed class KubernetesClientConfiguration
{
    /// <summary>The directory Kubernetes mounts the service account token, CA and namespace into.</summary>
    public const string DefaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>The API server's base address, e.g. <c>https://10.0.0.1:443</c>.</summary>
    public required Uri Host { get; init; }

    /// <summary>The default namespace (kubeconfig context namespace or the service account's namespace).</summary>
    public string? Namespace { get; init; }

    /// <summary>A static bearer token.</summary>
    public string? AccessToken { get; init; }

    /// <summary>A file holding the bearer token; re-read when it may have rotated (see <see cref="TokenRefreshInterval"/>) and on 401.</summary>
    public string? TokenFile { get; init; }

    /// <summary>How often at most the token file is re-read. Default: 1 minute (bound tokens rotate about hourly).</summary>
    public TimeSpan TokenRefreshInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The client certificate with its private key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>The CA certificates the server certificate must chain to; null uses the system trust store.</summary>
    public X509Certificate2Collection? CertificateAuthorities { get; init; }

    /// <summary>Skip verification of the server certificate (kubeconfig <c>insecure-skip-tls-verify</c>). Never in production.</summary>
    public bool SkipTlsVerify { get; init; }

    /// <summary>The User-Agent header. Default: <c>platform-kubernetes</c>.</summary>
    public string UserAgent { get; init; } = "platform-kubernetes";

    /// <summary>The timeout of one non-watch request. Default: 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default configuration: the kubeconfig named by <c>KUBECONFIG</c> (first path), else
    /// <c>~/.kube/config</c> if it exists, else the in-cluster service account.
    /// </summary>
    /// <returns>The configuration.</returns>
    public static KubernetesClientConfiguration BuildDefault()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return FromKubeconfigFile(fromEnvironment.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0]);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var defaultPath = Path.Combine(home, ".kube", "config");
        if (File.Exists(defaultPath))
        {
            return FromKubeconfigFile(defaultPath);
        }

        return InCluster();
    }

    /// <summary>Reads a kubeconfig file and uses its current context (or <paramref name="context"/>).</summary>
    /// <param name="path">The kubeconfig path.</param>
    /// <param name="context">A context name to use instead of <c>current-context</c>.</param>
    /// <returns>The configuration.</returns>
    public static KubernetesClientConfiguration FromKubeconfigFile(string path, string? context = null)
    {
        var fullPath = Path.GetFullPath(path);
        return FromKubeconfigYaml(File.ReadAllText(fullPath), context, Path.GetDirectoryName(fullPath));
    }

    /// <summary>Parses kubeconfig YAML and uses its current context (or <paramref name="context"/>).</summary>
    /// <param name="yaml">The kubeconfig text.</param>
    /// <param name="context">A context name to use instead of <c>current-context</c>.</param>
    /// <param name="baseDirectory">The directory relative file paths are resolved against.</param>
    /// <returns>The configuration.</returns>
    public static KubernetesClientConfiguration FromKubeconfigYaml(string yaml, string? context = null, string? baseDirectory = null)
    {
        var deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();
        var document = deserializer.Deserialize<KubeconfigDocument>(yaml)
            ?? throw new InvalidOperationException("The kubeconfig is empty.");
        var contextName = context ?? document.CurrentContext;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new InvalidOperationException("The kubeconfig has no current-context and none was given.");
        }

        var kubeContext = Find(document.Contexts, contextName, "context");
        var cluster = Find(document.Clusters, kubeContext.Cluster, "cluster");
        var user = string.IsNullOrEmpty(kubeContext.User) ? new KubeconfigUser() : Find(document.Users, kubeContext.User, "user");
        if (user.Exec is not null || user.AuthProvider is not null)
        {
            throw new NotSupportedException($"User '{kubeContext.User}' uses an exec or auth-provider plugin; use a token or client certificate.");
        }

        if (string.IsNullOrEmpty(cluster.Server))
        {
            throw new InvalidOperationException($"Cluster '{kubeContext.Cluster}' has no server.");
        }

        string Resolve(string file) => baseDirectory is null || Path.IsPathRooted(file) ? file : Path.Combine(baseDirectory, file);

        var caPem = cluster.CertificateAuthorityData is not null
            ? Decode(cluster.CertificateAuthorityData)
            : cluster.CertificateAuthority is not null ? File.ReadAllText(Resolve(cluster.CertificateAuthority)) : null;
        var certPem = user.ClientCertificateData is not null
            ? Decode(user.ClientCertificateData)
            : user.ClientCertificate is not null ? File.ReadAllText(Resolve(user.ClientCertificate)) : null;
        var keyPem = user.ClientKeyData is not null
            ? Decode(user.ClientKeyData)
            : user.ClientKey is not null ? File.ReadAllText(Resolve(user.ClientKey)) : null;
        if ((certPem is null) != (keyPem is null))
        {
            throw new InvalidOperationException($"User '{kubeContext.User}' needs both a client certificate and a client key.");
        }

        return new KubernetesClientConfiguration
        {
            Host = new Uri(cluster.Server),
            Namespace = string.IsNullOrEmpty(kubeContext.Namespace) ? "default" : kubeContext.Namespace,
            AccessToken = string.IsNullOrEmpty(user.Token) ? null : user.Token,
            TokenFile = user.TokenFile is null ? null : Resolve(user.TokenFile),
            ClientCertificate = certPem is null ? null : LoadClientCertificate(certPem, keyPem!),
            CertificateAuthorities = caPem is null ? null : LoadCertificateAuthorities(caPem),
            SkipTlsVerify = cluster.InsecureSkipTlsVerify,
        };
    }

    /// <summary>
    /// The in-cluster configuration: host and port from <c>KUBERNETES_SERVICE_HOST</c>/<c>KUBERNETES_SERVICE_PORT</c>,
    /// token, CA and namespace from the service account directory. The token file is re-read as it rotates.
    /// </summary>
    /// <param name="serviceAccountDirectory">Where the token, <c>ca.crt</c> and <c>namespace</c> files are (tests pass their own).</param>
    /// <param name="environment">Reads environment variables (tests pass their own); defaults to the process environment.</param>
    /// <returns>The configuration.</returns>
    public static KubernetesClientConfiguration InCluster(
        string serviceAccountDirectory = DefaultServiceAccountDirectory,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("Not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set.");
        }

        var tokenFile = Path.Combine(serviceAccountDirectory, "token");
        if (!File.Exists(tokenFile))
        {
            throw new InvalidOperationException($"Not running in a cluster: {tokenFile} does not exist.");
        }

        var caFile = Path.Combine(serviceAccountDirectory, "ca.crt");
        var namespaceFile = Path.Combine(serviceAccountDirectory, "namespace");

        // An IPv6 service host needs brackets in a URI.
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        return new KubernetesClientConfiguration
        {
            Host = new Uri($"https://{hostPart}:{port}"),
            TokenFile = tokenFile,
            CertificateAuthorities = File.Exists(caFile) ? LoadCertificateAuthorities(File.ReadAllText(caFile)) : null,
            Namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "default",
        };
    }

    /// <summary>Loads a client certificate and its PEM private key (RSA or EC, PKCS#1, SEC1 or PKCS#8).</summary>
    /// <param name="certificatePem">The certificate in PEM.</param>
    /// <param name="keyPem">The private key in PEM.</param>
    /// <returns>A certificate with its private key, usable for TLS client authentication.</returns>
    public static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem)
    {
        using var ephemeral = X509Certificate2.CreateFromPem(certificatePem, keyPem);

        // Round-trip through PKCS#12 so that the key is usable by the platform TLS stack (ephemeral keys are not on every OS).
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>Loads every certificate of a PEM bundle.</summary>
    /// <param name="pem">One or more PEM certificates.</param>
    /// <returns>The certificates.</returns>
    public static X509Certificate2Collection LoadCertificateAuthorities(string pem)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        if (collection.Count == 0)
        {
            throw new InvalidOperationException("The certificate authority data holds no certificate.");
        }

        return collection;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        // Tokens and keys never appear here: this string ends up in logs.
        var auth = AccessToken is not null ? "token=<redacted>"
            : TokenFile is not null ? $"tokenFile={TokenFile}"
            : ClientCertificate is not null ? $"clientCertificate={ClientCertificate.Subject}"
            : "anonymous";
        return $"KubernetesClientConfiguration {{ Host = {Host}, Namespace = {Namespace}, Auth = {auth}, " +
            $"CertificateAuthorities = {CertificateAuthorities?.Count ?? 0}, SkipTlsVerify = {SkipTlsVerify} }}";
    }

    private static string Decode(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64.Trim()));

    private static T Find<T>(List<NamedEntry<T>>? entries, string? name, string what)
        where T : class
    {
        var entry = entries?.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));
        return entry?.Value ?? throw new InvalidOperationException($"The kubeconfig has no {what} named '{name}'.");
    }
}
