using YamlDotNet.Serialization;

namespace Platform.Kubernetes.Configuration;

// The kubeconfig file format (clientcmd v1), only the fields this client supports.
internal sealed class KubeconfigDocument
{
    [YamlMember(Alias = "current-context")]
    public string? CurrentContext { get; set; }

    [YamlMember(Alias = "clusters")]
    public List<NamedEntry<KubeconfigCluster>>? Clusters { get; set; }

    [YamlMember(Alias = "contexts")]
    public List<NamedEntry<KubeconfigContext>>? Contexts { get; set; }

    [YamlMember(Alias = "users")]
    public List<NamedEntry<KubeconfigUser>>? Users { get; set; }
}

internal sealed class NamedEntry<T>
{
    [YamlMember(Alias = "name")]
    public string? Name { get; set; }

    [YamlMember(Alias = "cluster")]
    public T? Cluster { get; set; }

    [YamlMember(Alias = "context")]
    public T? Context { get; set; }

    [YamlMember(Alias = "user")]
    public T? User { get; set; }

    public T? Value => Cluster ?? Context ?? User;
}

internal sealed class KubeconfigCluster
{
    [YamlMember(Alias = "server")]
    public string? Server { get; set; }

    [YamlMember(Alias = "certificate-authority")]
    public string? CertificateAuthority { get; set; }

    [YamlMember(Alias = "certificate-authority-data")]
    public string? CertificateAuthorityData { get; set; }

    [YamlMember(Alias = "insecure-skip-tls-verify")]
    public bool InsecureSkipTlsVerify { get; set; }

    [YamlMember(Alias = "tls-server-name")]
    public string? TlsServerName { get; set; }
}

internal sealed class KubeconfigContext
{
    [YamlMember(Alias = "cluster")]
    public string? Cluster { get; set; }

    [YamlMember(Alias = "user")]
    public string? User { get; set; }

    [YamlMember(Alias = "namespace")]
    public string? Namespace { get; set; }
}

internal sealed class KubeconfigUser
{
    [YamlMember(Alias = "token")]
    public string? Token { get; set; }

    [YamlMember(Alias = "tokenFile")]
    public string? TokenFile { get; set; }

    [YamlMember(Alias = "client-certificate")]
    public string? ClientCertificate { get; set; }

    [YamlMember(Alias = "client-certificate-data")]
    public string? ClientCertificateData { get; set; }

    [YamlMember(Alias = "client-key")]
    public string? ClientKey { get; set; }

    [YamlMember(Alias = "client-key-data")]
    public string? ClientKeyData { get; set; }

    [YamlMember(Alias = "exec")]
    public object? Exec { get; set; }

    [YamlMember(Alias = "auth-provider")]
    public object? AuthProvider { get; set; }
}
