using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Platform.Kubernetes.Models;
using Platform.Kubernetes.Testing;

namespace Platform.Kubernetes.Tests;

public sealed class KubernetesClientConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kube-config-tests-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Kubeconfig(string cluster, string user, string context = "ctx", string ns = "team-a") => $"""
        apiVersion: v1
        kind: Config
        current-context: {context}
        clusters:
        - name: other
          cluster:
            server: https://other.example:6443
        - name: main
          cluster:
        {cluster}
        users:
        - name: me
          user:
        {user}
        contexts:
        - name: {context}
          context:
            cluster: main
            user: me
            namespace: {ns}
        """;

    [Fact]
    public void FromKubeconfigYaml_Token_UsesCurrentContextServerNamespaceAndToken()
    {
        var yaml = Kubeconfig("    server: https://api.example:6443\n    insecure-skip-tls-verify: true", "    token: s3cr3t-token");

        var configuration = KubernetesClientConfiguration.FromKubeconfigYaml(yaml);

        Assert.Equal(new Uri("https://api.example:6443"), configuration.Host);
        Assert.Equal("team-a", configuration.Namespace);
        Assert.Equal("s3cr3t-token", configuration.AccessToken);
        Assert.True(configuration.SkipTlsVerify);
        Assert.DoesNotContain("s3cr3t-token", configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfigYaml_UnknownContext_ThrowsNamingIt()
    {
        var yaml = Kubeconfig("    server: https://api.example:6443", "    token: t");

        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.FromKubeconfigYaml(yaml, context: "missing"));

        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // RSA key in PKCS#8 ("PRIVATE KEY").
    [InlineData("rsa")]
    // EC key in SEC1 ("EC PRIVATE KEY").
    [InlineData("ec")]
    public void FromKubeconfigYaml_ClientCertificateAndKeyData_LoadsCertificateWithPrivateKey(string algorithm)
    {
        var (certPem, keyPem) = algorithm == "rsa" ? CreateRsaClientCertificate() : CreateEcClientCertificate();
        var (caPem, _) = CreateCertificateAuthority();
        var yaml = Kubeconfig(
            $"    server: https://api.example:6443\n    certificate-authority-data: {B64(caPem)}",
            $"    client-certificate-data: {B64(certPem)}\n    client-key-data: {B64(keyPem)}");

        var configuration = KubernetesClientConfiguration.FromKubeconfigYaml(yaml);

        Assert.NotNull(configuration.ClientCertificate);
        Assert.True(configuration.ClientCertificate.HasPrivateKey);
        Assert.Equal("CN=platform-operator", configuration.ClientCertificate.Subject);
        Assert.Equal("CN=test-ca", Assert.Single(configuration.CertificateAuthorities!).Subject);
        Assert.False(configuration.SkipTlsVerify);
        Assert.DoesNotContain("PRIVATE", configuration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromKubeconfigFile_RelativeCertificateFiles_ResolvedAgainstKubeconfigDirectory()
    {
        var (certPem, keyPem) = CreateRsaClientCertificate();
        File.WriteAllText(Path.Combine(_directory, "client.crt"), certPem);
        File.WriteAllText(Path.Combine(_directory, "client.key"), keyPem);
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, Kubeconfig("    server: https://api.example:6443", "    client-certificate: client.crt\n    client-key: client.key"));

        var configuration = KubernetesClientConfiguration.FromKubeconfigFile(path);

        Assert.True(configuration.ClientCertificate!.HasPrivateKey);
    }

    [Fact]
    public void ValidateServerCertificate_ChainErrorsButSignedByConfiguredCa_Accepts()
    {
        using var caKey = RSA.Create(2048);
        using var ca = CreateCa(caKey, "CN=test-ca");
        using var otherKey = RSA.Create(2048);
        using var otherCa = CreateCa(otherKey, "CN=other-ca");
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=api.example", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var leaf = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, 4]);

        Assert.True(KubernetesClient.ValidateServerCertificate(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
        Assert.False(KubernetesClient.ValidateServerCertificate(leaf, SslPolicyErrors.RemoteCertificateChainErrors, [otherCa]));
        Assert.False(KubernetesClient.ValidateServerCertificate(leaf, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
    }

    [Fact]
    public async Task InCluster_TokenFileRotates_ClientRereadsTokenAfter401()
    {
        await using var server = await TestKubernetesApiServer.StartAsync(Token);
        File.WriteAllText(Path.Combine(_directory, "token"), "token-1\n");
        File.WriteAllText(Path.Combine(_directory, "namespace"), "operators");
        var environment = new Dictionary<string, string?> { ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1", ["KUBERNETES_SERVICE_PORT"] = "443" };
        var inCluster = KubernetesClientConfiguration.InCluster(_directory, name => environment.GetValueOrDefault(name));

        // The in-cluster host is https; point the same settings at the plain-HTTP test server.
        var configuration = new KubernetesClientConfiguration { Host = server.BaseAddress, TokenFile = inCluster.TokenFile, Namespace = inCluster.Namespace };
        using var client = new KubernetesClient(configuration);
        server.SetAcceptedTokens("token-1");
        var lease = new V1Lease { Metadata = new ObjectMeta { Name = "l", Namespace = "operators" }, Spec = new V1LeaseSpec { HolderIdentity = "x" } };
        await client.CreateAsync(ResourceDescriptor.Leases, "operators", lease, Token);

        File.WriteAllText(Path.Combine(_directory, "token"), "token-2\n");
        server.SetAcceptedTokens("token-2");
        var read = await client.GetAsync<V1Lease>(ResourceDescriptor.Leases, "operators", "l", Token);

        Assert.Equal(new Uri("https://127.0.0.1:443"), inCluster.Host);
        Assert.Equal("operators", inCluster.Namespace);
        Assert.Equal("x", read.Spec.HolderIdentity);
        Assert.Equal([201, 401, 200], server.Requests.Select(r => r.StatusCode));
        Assert.DoesNotContain("token-1", inCluster.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void InCluster_NoServiceEnvironment_ThrowsNotInCluster()
    {
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesClientConfiguration.InCluster(_directory, _ => null));

        Assert.Contains("KUBERNETES_SERVICE_HOST", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteKubeconfig_TestServer_ClientFromFileTalksToIt()
    {
        await using var server = await TestKubernetesApiServer.StartAsync(Token);
        var path = Path.Combine(_directory, "kubeconfig");
        server.WriteKubeconfig(path, token: "abc");
        server.SetAcceptedTokens("abc");

        using var client = new KubernetesClient(KubernetesClientConfiguration.FromKubeconfigFile(path));
        var list = await client.ListAsync<V1Lease>(ResourceDescriptor.Leases, "default", options: null, Token);

        Assert.Empty(list.Items);
    }

    private static X509Certificate2 CreateCa(RSA key, string subject)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
    }

    private static (string CertPem, string KeyPem) CreateCertificateAuthority()
    {
        using var key = RSA.Create(2048);
        using var ca = CreateCa(key, "CN=test-ca");
        return (ca.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static (string CertPem, string KeyPem) CreateRsaClientCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=platform-operator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static (string CertPem, string KeyPem) CreateEcClientCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=platform-operator", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (certificate.ExportCertificatePem(), key.ExportECPrivateKeyPem());
    }
}
