using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Pki;

/// <summary>The production guide's PKI steps against DevVault: a root, an intermediate signed through a CSR, a role, certificates for an app.</summary>
public sealed class PkiTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "devvault-pki-" + Guid.NewGuid().ToString("N"));
    private string _root = "";
    private string _int = "";

    private VaultHttp Vault => fixture.Vault;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var id = Guid.NewGuid().ToString("N")[..6];
        _root = "pki-" + id;
        _int = "pki-int-" + id;

        (await Vault.PostAsync($"sys/mounts/{_root}", new { type = "pki", config = new { max_lease_ttl = "87600h" } })).Expect(204);
        var root = (await Vault.PostAsync($"{_root}/root/generate/internal", new { common_name = "example.com", issuer_name = "root-2026", ttl = "87600h" })).Expect(200).Data!;
        Assert.Null(root["private_key"]);
        (await Vault.PostAsync($"{_root}/config/urls", new { issuing_certificates = $"http://127.0.0.1:8200/v1/{_root}/ca", crl_distribution_points = $"http://127.0.0.1:8200/v1/{_root}/crl" })).Expect(200);

        (await Vault.PostAsync($"sys/mounts/{_int}", new { type = "pki", config = new { max_lease_ttl = "43800h" } })).Expect(204);
        var csr = (await Vault.PostAsync($"{_int}/intermediate/generate/internal", new { common_name = "example.com Intermediate Authority", issuer_name = "example-dot-com-intermediate" })).Expect(200).Data!["csr"]!.GetValue<string>();
        var signed = (await Vault.PostAsync($"{_root}/root/sign-intermediate", new { csr, format = "pem_bundle", ttl = "43800h" })).Expect(200).Data!["certificate"]!.GetValue<string>();
        var imported = (await Vault.PostAsync($"{_int}/intermediate/set-signed", new { certificate = signed })).Expect(200).Data!;
        Assert.Single(imported["imported_issuers"]!.AsArray());

        var defaultIssuer = (await Vault.GetAsync($"{_int}/config/issuers")).Expect(200).Data!["default"]!.GetValue<string>();
        (await Vault.PostAsync($"{_int}/roles/example-dot-com", new { issuer_ref = defaultIssuer, allowed_domains = "example.com", allow_subdomains = true, max_ttl = "720h" })).Expect(200);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<System.Text.Json.Nodes.JsonNode> IssueAsync(object body) =>
        (await Vault.PostAsync($"{_int}/issue/example-dot-com", body)).Expect(200).Data!;

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private async Task<string> RootPemAsync() => (await Vault.GetAsync($"{_root}/cert/ca")).Expect(200).Data!["certificate"]!.GetValue<string>();

    [Fact]
    public async Task AnIssuedCertificateChainsToTheRootForDotNetAndOpenSsl()
    {
        var issued = await IssueAsync(new { common_name = "app.example.com", ttl = "24h" });
        var leaf = X509Certificate2.CreateFromPem(issued["certificate"]!.GetValue<string>());
        var chain = issued["ca_chain"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(2, chain.Count);
        Assert.Equal("rsa", issued["private_key_type"]!.GetValue<string>());
        Assert.Contains("BEGIN RSA PRIVATE KEY", issued["private_key"]!.GetValue<string>());
        Assert.Equal(chain[0], issued["issuing_ca"]!.GetValue<string>());
        Assert.Equal(new DateTimeOffset(leaf.NotAfter).ToUnixTimeSeconds(), issued["expiration"]!.GetValue<long>());
        Assert.Equal("CN=app.example.com", leaf.Subject);
        Assert.Contains("app.example.com", leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        using (var key = RSA.Create())
        {
            key.ImportFromPem(issued["private_key"]!.GetValue<string>());
            Assert.True(leaf.GetRSAPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()));
        }

        var root = X509Certificate2.CreateFromPem(await RootPemAsync());
        using var x509Chain = new X509Chain();
        x509Chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509Chain.ChainPolicy.CustomTrustStore.Add(root);
        x509Chain.ChainPolicy.ExtraStore.Add(X509Certificate2.CreateFromPem(chain[0]));
        x509Chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(x509Chain.Build(leaf), string.Join("; ", x509Chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.Equal(3, x509Chain.ChainElements.Count);

        var (exit, output) = await OpenSsl.RunAsync("verify", "-CAfile", Write("root.pem", await RootPemAsync()), "-untrusted", Write("int.pem", chain[0]), Write("leaf.pem", issued["certificate"]!.GetValue<string>()));
        Assert.True(exit == 0, output);
        Assert.Contains("OK", output);
    }

    [Fact]
    public async Task ANameTheRoleDoesNotAllowIsRefusedWithVaultsText()
    {
        var refused = (await Vault.PostAsync($"{_int}/issue/example-dot-com", new { common_name = "app.other.com" })).Expect(400);
        Assert.Equal(["common name app.other.com not allowed by this role"], refused.Errors);

        var bare = (await Vault.PostAsync($"{_int}/issue/example-dot-com", new { common_name = "example.com" })).Expect(400);
        Assert.Equal(["common name example.com not allowed by this role"], bare.Errors);

        var san = (await Vault.PostAsync($"{_int}/issue/example-dot-com", new { common_name = "app.example.com", alt_names = "evil.org" })).Expect(400);
        Assert.Equal(["subject alternate name evil.org not allowed by this role"], san.Errors);

        (await Vault.PostAsync($"{_int}/issue/example-dot-com", new { common_name = "app.example.com", ttl = "9000h" })).Expect(200);
    }

    [Fact]
    public async Task ARevokedSerialAppearsInTheCrlAndOpenSslRejectsTheCertificate()
    {
        var issued = await IssueAsync(new { common_name = "revoked.example.com" });
        var serial = issued["serial_number"]!.GetValue<string>();

        var revoked = (await Vault.PostAsync($"{_int}/revoke", new { serial_number = serial })).Expect(200).Data!;
        Assert.True(revoked["revocation_time"]!.GetValue<long>() > 0);
        Assert.True((await Vault.GetAsync($"{_int}/cert/{serial}", token: "")).Expect(200).Data!["revocation_time"]!.GetValue<long>() > 0);

        var crlPem = await Vault.Http.GetStringAsync($"v1/{_int}/crl/pem");
        var crlText = (await OpenSsl.RunAsync("crl", "-in", Write("crl.pem", crlPem), "-noout", "-text")).Output;
        Assert.Contains(serial.Replace(":", "").ToUpperInvariant(), crlText.Replace(":", "").ToUpperInvariant());

        var chainFile = Write("chain.pem", issued["ca_chain"]![0]!.GetValue<string>() + "\n" + await RootPemAsync());
        var (exit, output) = await OpenSsl.RunAsync("verify", "-crl_check", "-CAfile", chainFile, "-CRLfile", Write("crl2.pem", crlPem), Write("revoked.pem", issued["certificate"]!.GetValue<string>()));
        Assert.NotEqual(0, exit);
        Assert.True(output.Contains("certificate revoked"), output);

        var derFile = Path.Combine(_directory, "crl.der");
        await File.WriteAllBytesAsync(derFile, await Vault.Http.GetByteArrayAsync($"v1/{_int}/crl"));
        var derText = (await OpenSsl.RunAsync("crl", "-inform", "DER", "-in", derFile, "-noout", "-text")).Output;
        Assert.Contains(serial.Replace(":", "").ToUpperInvariant(), derText.Replace(":", "").ToUpperInvariant());
    }

    [Fact]
    public async Task ACsrIsSignedForItsOwnKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=api.example.com", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        (await Vault.PostAsync($"{_int}/roles/any-key", new { allowed_domains = "example.com", allow_subdomains = true, key_type = "any" })).Expect(200);

        var signed = (await Vault.PostAsync($"{_int}/sign/any-key", new { csr, ttl = "1h" })).Expect(200).Data!;
        var certificate = X509Certificate2.CreateFromPem(signed["certificate"]!.GetValue<string>());
        Assert.Equal("CN=api.example.com", certificate.Subject);
        Assert.True(certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()));
        Assert.Null(signed["private_key"]);

        var wrongKey = (await Vault.PostAsync($"{_int}/sign/example-dot-com", new { csr })).Expect(400);
        Assert.Equal(["role requires keys of type rsa"], wrongKey.Errors);
    }

    [Fact]
    public async Task CertificatesAreListedAndTheCaIsServedWithoutAToken()
    {
        var issued = await IssueAsync(new { common_name = "listed.example.com" });
        var serial = issued["serial_number"]!.GetValue<string>();

        Assert.Contains(serial, (await Vault.ListAsync($"{_int}/certs")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal(issued["certificate"]!.GetValue<string>(), (await Vault.GetAsync($"{_int}/cert/{serial.Replace(':', '-')}", token: "")).Expect(200).Data!["certificate"]!.GetValue<string>());

        using var caPem = await Vault.Http.GetAsync($"v1/{_int}/ca/pem");
        Assert.Equal("application/pem-certificate-chain", caPem.Content.Headers.ContentType!.MediaType);
        Assert.Equal(issued["issuing_ca"]!.GetValue<string>(), await caPem.Content.ReadAsStringAsync());
        var caDer = await Vault.Http.GetByteArrayAsync($"v1/{_int}/ca");
        Assert.Equal(X509Certificate2.CreateFromPem(issued["issuing_ca"]!.GetValue<string>()).RawData, caDer);
        var chain = await Vault.Http.GetStringAsync($"v1/{_int}/ca_chain");
        Assert.Equal(2, chain.Split("BEGIN CERTIFICATE").Length - 1);
    }

    [Fact]
    public async Task AnEcRoleIssuesEcKeysWithTheRolesUsages()
    {
        (await Vault.PostAsync($"{_int}/roles/ec-server", new { allowed_domains = "example.com", allow_subdomains = true, key_type = "ec", key_bits = 256, client_flag = false })).Expect(200);
        var role = (await Vault.GetAsync($"{_int}/roles/ec-server")).Expect(200).Data!;
        Assert.Equal("ec", role["key_type"]!.GetValue<string>());
        Assert.False(role["client_flag"]!.GetValue<bool>());

        var issued = (await Vault.PostAsync($"{_int}/issue/ec-server", new { common_name = "ec.example.com", ip_sans = "127.0.0.1" })).Expect(200).Data!;
        Assert.Equal("ec", issued["private_key_type"]!.GetValue<string>());
        Assert.Contains("BEGIN EC PRIVATE KEY", issued["private_key"]!.GetValue<string>());
        var certificate = X509Certificate2.CreateFromPem(issued["certificate"]!.GetValue<string>());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value);
        Assert.Equal(["1.3.6.1.5.5.7.3.1"], usages);
        Assert.Contains("127.0.0.1", certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateIPAddresses().Select(a => a.ToString()));
    }

    [Fact]
    public async Task BadRolesAndRequestsAreRefusedAndChangeNothing()
    {
        var ed = (await Vault.PostAsync($"{_int}/roles/ed", new { key_type = "ed25519" })).Expect(400);
        Assert.Contains("ed25519", ed.Errors[0]);
        (await Vault.GetAsync($"{_int}/roles/ed")).Expect(404);
        (await Vault.PostAsync($"{_int}/roles/bad-ttl", new { ttl = "2h", max_ttl = "1h" })).Expect(400);
        (await Vault.PostAsync($"{_int}/issue/no-such-role", new { common_name = "a.example.com" })).Expect(400);
        (await Vault.PostAsync($"{_int}/issue/example-dot-com", new { })).Expect(400);
        (await Vault.PostAsync($"{_int}/revoke", new { serial_number = "00:11" })).Expect(400);
        (await Vault.PostAsync($"{_int}/intermediate/set-signed", new { certificate = "not a certificate" })).Expect(400);
    }

    [Fact]
    public async Task TidyRemovesExpiredCertificatesOnly()
    {
        var current = (await IssueAsync(new { common_name = "tidy.example.com", ttl = "1h" }))["serial_number"]!.GetValue<string>();

        var tidy = (await Vault.PostAsync($"{_int}/tidy", new { tidy_cert_store = true, tidy_revoked_certs = true })).Expect(202);
        Assert.NotEmpty(tidy.Json!["warnings"]!.AsArray());
        (await Vault.GetAsync($"{_int}/cert/{current}", token: "")).Expect(200);
        (await Vault.PostAsync($"{_int}/tidy", new { })).Expect(400);
    }

    [Fact]
    public async Task TheIssuerIsListedAndReadByIdOrName()
    {
        var issuers = (await Vault.ListAsync($"{_root}/issuers")).Expect(200).Data!;
        var id = issuers["keys"]![0]!.GetValue<string>();
        Assert.Equal("root-2026", issuers["key_info"]![id]!["issuer_name"]!.GetValue<string>());

        var byName = (await Vault.GetAsync($"{_root}/issuer/root-2026")).Expect(200).Data!;
        Assert.Equal(id, byName["issuer_id"]!.GetValue<string>());
        Assert.Equal(await RootPemAsync(), byName["certificate"]!.GetValue<string>());
        Assert.Equal("example-dot-com-intermediate", (await Vault.GetAsync($"{_int}/issuer/default")).Expect(200).Data!["issuer_name"]!.GetValue<string>());
        (await Vault.GetAsync($"{_root}/issuer/nobody")).Expect(400);
        (await Vault.PostAsync($"{_int}/roles/unknown-issuer", new { issuer_ref = "nobody", allow_any_name = true })).Expect(400);
    }
}
