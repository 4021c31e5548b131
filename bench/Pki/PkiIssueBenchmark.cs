using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DevVault.Cli;
using DevVault.Hosting;

namespace VaultDemo.Bench.Pki;

/// <summary>
/// What does a certificate from DevVault's PKI cost next to making it in-process? Candidate: <c>pki/issue/:role</c>
/// (EC P-256 key and certificate, signed by an EC P-256 CA, stored) over loopback HTTP, 4 concurrent callers.
/// Baseline: the same key generation and CertificateRequest signing with the same extensions in-process, single
/// threaded. The key pair and the signature dominate both, so the ratio shows what HTTP, ACL, storage and the
/// engine's parsing add.
/// </summary>
public sealed class PkiIssueBenchmark : IBenchmark
{
    private const int Requests = 2_000;
    private const int Concurrency = 4;

    public string Name => "pki";

    public string Description => "DevVault pki/issue (EC P-256) throughput over loopback HTTP vs CertificateRequest in-process (target >= 0.5x)";

    public async Task RunAsync(BenchmarkReport report, CancellationToken cancellationToken)
    {
        await using var server = await DevVaultServer.StartAsync(new DevServerOptions { ListenAddress = "127.0.0.1:0" }, cancellationToken);
        using var http = new HttpClient { BaseAddress = server.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", server.RootToken);
        (await http.PostAsJsonAsync("/v1/sys/mounts/pki", new { type = "pki", config = new { max_lease_ttl = "87600h" } }, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/v1/pki/root/generate/internal", new { common_name = "bench.example", key_type = "ec", key_bits = 256, ttl = "8760h" }, cancellationToken)).EnsureSuccessStatusCode();
        (await http.PostAsJsonAsync("/v1/pki/roles/app", new { allowed_domains = "example.com", allow_subdomains = true, key_type = "ec", key_bits = 256, max_ttl = "72h" }, cancellationToken)).EnsureSuccessStatusCode();

        var body = new { common_name = "app.example.com", ttl = "24h" };
        for (var i = 0; i < 200; i++)
        {
            (await http.PostAsJsonAsync("/v1/pki/issue/app", body, cancellationToken)).EnsureSuccessStatusCode();
        }

        var remaining = Requests;
        var elapsed = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var response = await http.PostAsJsonAsync("/v1/pki/issue/app", body, cancellationToken);
                response.EnsureSuccessStatusCode();
            }
        }));
        var devVaultPerSecond = Requests / elapsed.Elapsed.TotalSeconds;

        var inProcessPerSecond = InProcessPerSecond();
        report.Info($"{Requests} pki/issue requests, {Concurrency} concurrent callers; in-process: the same EC P-256 key and certificate, single threaded");
        report.Ratio("pki issue throughput", devVaultPerSecond, inProcessPerSecond, "certs/s", target: 0.5, higherIsBetter: true);
    }

    /// <summary>An EC P-256 key and a CA-signed certificate with the extensions the engine adds, as PEM, in a loop.</summary>
    private static double InProcessPerSecond()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=bench.example", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(365));
        var generator = X509SignatureGenerator.CreateForECDsa(caKey);
        var serverAuth = new OidCollection { new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2") };

        var iterations = Requests;
        var elapsed = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=app.example.com", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyEncipherment, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(serverAuth, false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("app.example.com");
            request.CertificateExtensions.Add(names.Build());
            var serial = RandomNumberGenerator.GetBytes(20);
            serial[0] &= 0x7F;
            using var certificate = request.Create(ca.SubjectName, generator, DateTimeOffset.UtcNow.AddSeconds(-30), DateTimeOffset.UtcNow.AddHours(24), serial);
            _ = certificate.ExportCertificatePem();
            _ = key.ExportECPrivateKeyPem();
        }

        return iterations / elapsed.Elapsed.TotalSeconds;
    }
}
