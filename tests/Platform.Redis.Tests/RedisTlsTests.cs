using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Platform.Testing;

namespace Platform.Redis.Tests;

public sealed class RedisTlsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("platform-redis-tls-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConnectAsync_TlsWithPinnedSelfSignedCertificate_RoundTrips()
    {
        using var certificate = CreateCertificate();
        var tlsPort = FreePort();
        await using var redis = await StartTlsServerAsync(certificate, tlsPort);
        var options = RedisOptions.Parse($"127.0.0.1:{tlsPort},ssl=true,sslHost=localhost");
        options.CertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString();

        await using var connection = await RedisConnection.ConnectAsync(options, cancellationToken: Ct);
        await connection.StringSetAsync("tls", "yes", cancellationToken: Ct);

        Assert.Equal("yes", await connection.StringGetAsync("tls", Ct));
        // Blocking commands use a dedicated connection, which must do the TLS handshake too.
        Assert.True((await connection.ExecuteAsync("BLPOP", ["none", 0.05], Ct)).IsNull);
    }

    [Fact]
    public async Task ConnectAsync_TlsWithUntrustedCertificate_ThrowsConnectionException()
    {
        using var certificate = CreateCertificate();
        var tlsPort = FreePort();
        await using var redis = await StartTlsServerAsync(certificate, tlsPort);

        var error = await Assert.ThrowsAsync<RedisConnectionException>(
            () => RedisConnection.ConnectAsync($"127.0.0.1:{tlsPort},ssl=true,sslHost=localhost", cancellationToken: Ct));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<RedisServerFixture> StartTlsServerAsync(X509Certificate2 certificate, int tlsPort)
    {
        var certPath = Path.Combine(_directory, "cert.pem");
        var keyPath = Path.Combine(_directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), Ct);
        await File.WriteAllTextAsync(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), Ct);
        return await RedisServerFixture.StartNewAsync(
            ["--tls-port", tlsPort.ToString(CultureInfo.InvariantCulture), "--tls-cert-file", certPath, "--tls-key-file", keyPath, "--tls-auth-clients", "no"],
            Ct);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
