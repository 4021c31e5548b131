using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DevVault.Tests.Server;

/// <summary>A <c>listener "tcp"</c> with TLS serves the configured certificate and refuses protocols below <c>tls_min_version</c>.</summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("devvault-tls-").FullName;
    private readonly X509Certificate2 _certificate;

    public TlsListenerTests()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=devvault.test", key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertFile, _certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    private string CertFile => Path.Combine(_folder, "vault.crt");

    private string KeyFile => Path.Combine(_folder, "vault.key");

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ServesTheConfiguredCertificate()
    {
        await using var vault = await StartAsync("tls12");
        string? seen = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                seen = certificate!.Thumbprint;
                return true;
            },
        };
        using var http = new HttpClient(handler) { BaseAddress = vault.Server.Address };

        var reply = await http.GetAsync("v1/sys/health");

        Assert.Equal("https", vault.Server.Address.Scheme);
        Assert.Equal(501, (int)reply.StatusCode);
        Assert.Equal(_certificate.Thumbprint, seen);
    }

    [Theory]
    [InlineData("tls12", SslProtocols.Tls12, true)]
    [InlineData("tls12", SslProtocols.Tls13, true)]
    [InlineData("tls13", SslProtocols.Tls12, false)]
    [InlineData("tls13", SslProtocols.Tls13, true)]
#pragma warning disable SYSLIB0039 // A TLS 1.1 client is exactly what must be refused.
    [InlineData("tls12", SslProtocols.Tls11, false)]
#pragma warning restore SYSLIB0039
    public async Task HonoursTheMinimumVersion(string minimum, SslProtocols client, bool accepted)
    {
        await using var vault = await StartAsync(minimum);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(vault.Server.Address.Host, vault.Server.Address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var handshake = tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions { TargetHost = "devvault.test", EnabledSslProtocols = client },
            timeout.Token);

        if (accepted)
        {
            await handshake;
            Assert.Equal(client, tls.SslProtocol);
        }
        else
        {
            await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        }
    }

    private Task<ServerModeVault> StartAsync(string minimum) => ServerModeVault.StartAsync($$"""
        storage "inmem" {}
        listener "tcp" {
          address         = "127.0.0.1:0"
          tls_cert_file   = "{{CertFile}}"
          tls_key_file    = "{{KeyFile}}"
          tls_min_version = "{{minimum}}"
        }
        """);
}
