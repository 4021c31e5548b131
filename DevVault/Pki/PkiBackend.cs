using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Pki;

/// <summary>
/// The PKI secrets engine (Vault's <c>pki</c>): a root or an intermediate CA per mount, roles, issuing and signing,
/// revocation with a CRL, and the unauthenticated CA/CRL endpoints. One issuer per mount; a new root or a newly
/// signed intermediate replaces it. Certificates are built only through .NET's X.509 APIs.
/// </summary>
public sealed class PkiBackend(BackendContext context) : IBackend, IDisposable
{
    private const string IssuerKey = "config/issuer";
    private const string PendingKeyKey = "config/pending-key";
    private const string UrlsKey = "config/urls";
    private const string CrlNumberKey = "crl/number";
    private static readonly TimeSpan CrlLifetime = TimeSpan.FromHours(72);
    private static readonly TimeSpan DefaultTidySafetyBuffer = TimeSpan.FromHours(72);

    private readonly IStorage _storage = context.Storage;
    private readonly TimeProvider _time = context.Time;
    private readonly SemaphoreSlim _issuerGate = new(1, 1);
    private readonly KeyLocks _locks = new();
    private volatile PkiSigner? _signer;

    public string Type => "pki";

    public IReadOnlyList<string> UnauthenticatedPaths => ["cert/*", "ca", "ca/pem", "ca_chain", "crl", "crl/pem"];

    public IReadOnlyList<string> RootPaths => ["root"];

    public void Dispose()
    {
        _signer?.Dispose();
        _issuerGate.Dispose();
    }

    public ValueTask<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken) =>
        RoleExistence.CheckAsync(_storage, request, cancellationToken);

    public async ValueTask<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var op = request.Operation;
        var read = op == Operation.Read;
        var write = op is Operation.Create or Operation.Update;
        var data = request.Data;
        return request.RelativePath.TrimEnd('/').Split('/') switch
        {
            ["root", "generate", var kind] when write => await GenerateRootAsync(Exported(kind), data, cancellationToken),
            ["root"] when op == Operation.Delete => await DeleteRootAsync(cancellationToken),
            ["root", "sign-intermediate"] when write => await SignIntermediateAsync(data, cancellationToken),
            ["intermediate", "generate", var kind] when write => await GenerateIntermediateAsync(Exported(kind), data, cancellationToken),
            ["intermediate", "set-signed"] when write => await SetSignedAsync(data, cancellationToken),
            ["issuers"] when op == Operation.List => await ListIssuersAsync(cancellationToken),
            ["issuer", var reference] when read => LogicalResponse.WithData(DescribeIssuer(await RequireIssuerAsync(reference, cancellationToken))),
            ["config", "issuers"] when read => LogicalResponse.WithData(new JsonObject
            {
                ["default"] = (await _storage.GetJsonAsync<PkiIssuer>(IssuerKey, cancellationToken))?.IssuerId ?? "",
                ["default_follows_latest_issuer"] = false,
            }),
            ["config", "urls"] when read => LogicalResponse.WithData(DescribeUrls(await UrlsAsync(cancellationToken))),
            ["config", "urls"] when write => await WriteUrlsAsync(data, cancellationToken),
            ["roles"] when op == Operation.List => await ListAsync("role/", cancellationToken),
            ["roles", var name] when read => LogicalResponse.WithData(PkiRoleFields.Describe(await RoleAsync(name, cancellationToken) ?? throw VaultException.NotFound())),
            ["roles", var name] when write => await WriteRoleAsync(name, data, cancellationToken),
            ["roles", var name] when op == Operation.Delete => await DeleteAsync("role/" + name, cancellationToken),
            ["issue", var role] when write => await IssueAsync(await RequireRoleAsync(role, cancellationToken), data, cancellationToken),
            ["sign", var role] when write => await SignAsync(await RequireRoleAsync(role, cancellationToken), data, cancellationToken),
            ["certs"] when op == Operation.List => await ListAsync("certs/", cancellationToken),
            ["cert", var serial] when read => await ReadCertificateAsync(serial, cancellationToken),
            ["revoke"] when write => await RevokeAsync(data.GetString("serial_number"), cancellationToken),
            ["ca"] when read => LogicalResponse.Raw((await RequireSignerAsync(cancellationToken)).Certificate.RawData, "application/pkix-cert"),
            ["ca", "pem"] when read => LogicalResponse.Raw(Encoding.UTF8.GetBytes((await RequireSignerAsync(cancellationToken)).Record.CertificatePem), "application/pem-certificate-chain"),
            ["ca_chain"] when read => LogicalResponse.Raw(Encoding.UTF8.GetBytes(Bundle((await RequireSignerAsync(cancellationToken)).Chain)), "application/pem-certificate-chain"),
            ["crl"] when read => LogicalResponse.Raw(await BuildCrlAsync(cancellationToken), "application/pkix-crl"),
            ["crl", "pem"] when read => LogicalResponse.Raw(Encoding.UTF8.GetBytes(CrlPem(await BuildCrlAsync(cancellationToken))), "application/x-pem-file"),
            ["tidy"] when write => await TidyAsync(data, cancellationToken),
            _ => throw VaultException.UnsupportedPath(),
        };
    }

    private async ValueTask<LogicalResponse> GenerateRootAsync(bool exported, JsonObject data, CancellationToken cancellationToken)
    {
        var (type, bits) = PkiKeys.Validate(data.GetString("key_type"), data.GetInt("key_bits"));
        var commonName = RequireCommonName(data.GetString("common_name"));
        var response = new LogicalResponse();
        var names = RequestedNames(commonName, data, allowIpSans: true);
        var subject = Subject(commonName, data.GetStringList("organization"), data.GetStringList("ou"), data.GetStringList("country"), names, null, data.GetDuration("ttl"), 0, 0, 30, response.Warnings);

        using var key = PkiKeys.Generate(type, bits);
        using var certificate = CertificateFactory.CreateRoot(subject, key, (int)data.GetInt("max_path_length", -1));
        var issuer = new PkiIssuer
        {
            IssuerId = Ids.Uuid(),
            KeyId = Ids.Uuid(),
            CertificatePem = certificate.ExportCertificatePem(),
            IssuerName = data.GetString("issuer_name") ?? "",
            KeyPem = key.ExportPkcs8PrivateKeyPem(),
            KeyType = type,
        };
        await InstallIssuerAsync(issuer, cancellationToken);
        await StoreAsync(certificate, issuer.IssuerId, cancellationToken);

        response.Data = CertificateData(certificate, issuer.CertificatePem, null, data.GetString("format") ?? "pem");
        response.Data["issuer_id"] = issuer.IssuerId;
        response.Data["issuer_name"] = issuer.IssuerName;
        response.Data["key_id"] = issuer.KeyId;
        response.Data["key_name"] = "";
        AddPrivateKey(response.Data, exported ? key : null, data);
        return response;
    }

    private async ValueTask<LogicalResponse?> DeleteRootAsync(CancellationToken cancellationToken)
    {
        await _issuerGate.WaitAsync(cancellationToken);
        try
        {
            await _storage.DeleteAsync(IssuerKey, cancellationToken);
            _signer = null;
        }
        finally
        {
            _issuerGate.Release();
        }

        return null;
    }

    private async ValueTask<LogicalResponse> GenerateIntermediateAsync(bool exported, JsonObject data, CancellationToken cancellationToken)
    {
        var (type, bits) = PkiKeys.Validate(data.GetString("key_type"), data.GetInt("key_bits"));
        var commonName = RequireCommonName(data.GetString("common_name"));
        using var key = PkiKeys.Generate(type, bits);
        var pending = new PkiPendingKey { KeyId = Ids.Uuid(), KeyPem = key.ExportPkcs8PrivateKeyPem(), KeyType = type, IssuerName = data.GetString("issuer_name") ?? "" };
        await _storage.PutJsonAsync(PendingKeyKey, pending, cancellationToken);

        var name = SubjectName(commonName, data.GetStringList("organization"), data.GetStringList("ou"), data.GetStringList("country"));
        var csr = CertificateFactory.CreateSigningRequestPem(name, key);
        var result = new JsonObject { ["csr"] = csr, ["key_id"] = pending.KeyId };
        AddPrivateKey(result, exported ? key : null, data);
        return LogicalResponse.WithData(result);
    }

    private async ValueTask<LogicalResponse> SignIntermediateAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var signer = await RequireSignerAsync(cancellationToken);
        var csr = LoadCsr(data.GetString("csr"));
        var commonName = data.GetString("common_name") is { Length: > 0 } given ? given : CommonNameOf(csr.SubjectName);
        commonName = RequireCommonName(commonName);
        var response = new LogicalResponse();
        var names = RequestedNames(commonName, data, allowIpSans: true);
        var subject = Subject(commonName, data.GetStringList("organization"), data.GetStringList("ou"), data.GetStringList("country"), names, signer, data.GetDuration("ttl"), 0, 0, 30, response.Warnings);

        // Unlimited below an unlimited issuer; otherwise one less than the issuer allows, as Vault derives it.
        var issuerConstraints = signer.Certificate.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault();
        var derivedPathLength = issuerConstraints is { HasPathLengthConstraint: true } ? Math.Max(0, issuerConstraints.PathLengthConstraint - 1) : -1;
        var maxPathLength = (int)data.GetInt("max_path_length", derivedPathLength);
        using var certificate = CertificateFactory.SignIntermediate(subject, csr.PublicKey, signer, maxPathLength, await UrlsAsync(cancellationToken));
        await StoreAsync(certificate, signer.Record.IssuerId, cancellationToken);
        response.Data = CertificateData(certificate, signer.Record.CertificatePem, signer.Chain, data.GetString("format") ?? "pem");
        return response;
    }

    private async ValueTask<LogicalResponse> SetSignedAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var bundle = data.GetString("certificate");
        if (string.IsNullOrWhiteSpace(bundle))
        {
            throw VaultException.BadRequest("no certificate provided in the \"certificate\" parameter");
        }

        var pems = SplitPem(bundle);
        if (pems.Count == 0)
        {
            throw VaultException.BadRequest("no data found in PEM block");
        }

        var pending = await _storage.GetJsonAsync<PkiPendingKey>(PendingKeyKey, cancellationToken)
            ?? throw VaultException.BadRequest("no pending intermediate key: generate one with intermediate/generate first");
        using var certificate = ParseCertificate(pems[0]);
        using (var key = PkiKeys.Import(pending.KeyPem, pending.KeyType))
        {
            if (!PkiKeys.Matches(certificate, key))
            {
                throw VaultException.BadRequest("the certificate's public key does not match the pending intermediate key");
            }
        }

        if (!certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(c => c.CertificateAuthority))
        {
            throw VaultException.BadRequest("the given certificate is not marked for CA use");
        }

        var issuer = new PkiIssuer
        {
            IssuerId = Ids.Uuid(),
            KeyId = pending.KeyId,
            IssuerName = pending.IssuerName,
            CertificatePem = certificate.ExportCertificatePem(),
            KeyPem = pending.KeyPem,
            KeyType = pending.KeyType,
            ChainPems = [.. pems.Skip(1)],
        };
        await InstallIssuerAsync(issuer, cancellationToken);
        await _storage.DeleteAsync(PendingKeyKey, cancellationToken);
        return LogicalResponse.WithData(new JsonObject
        {
            ["imported_issuers"] = JsonArrays.Strings([issuer.IssuerId]),
            ["imported_keys"] = null,
            ["existing_issuers"] = null,
            ["existing_keys"] = null,
            ["mapping"] = new JsonObject { [issuer.IssuerId] = issuer.KeyId },
        });
    }

    private async ValueTask<LogicalResponse> IssueAsync(PkiRole role, JsonObject data, CancellationToken cancellationToken)
    {
        if (role.KeyType == "any")
        {
            throw VaultException.BadRequest("role key type \"any\" not allowed for issuing certificates, only signing");
        }

        var signer = await RequireSignerAsync(cancellationToken);
        var response = new LogicalResponse();
        var subject = LeafSubject(role, RequireCommonName(data.GetString("common_name")), data, signer, response.Warnings);
        using var key = PkiKeys.Generate(role.KeyType, role.KeyBits);
        using var certificate = CertificateFactory.Issue(subject, new PublicKey(key), signer, role.ServerFlag, role.ClientFlag, await UrlsAsync(cancellationToken));
        if (!role.NoStore)
        {
            await StoreAsync(certificate, signer.Record.IssuerId, cancellationToken);
        }

        response.Data = CertificateData(certificate, signer.Record.CertificatePem, signer.Chain, data.GetString("format") ?? "pem");
        AddPrivateKey(response.Data, key, data);
        return response;
    }

    private async ValueTask<LogicalResponse> SignAsync(PkiRole role, JsonObject data, CancellationToken cancellationToken)
    {
        var signer = await RequireSignerAsync(cancellationToken);
        var csr = LoadCsr(data.GetString("csr"));
        var csrKeyType = csr.PublicKey.Oid.Value == "1.2.840.113549.1.1.1" ? "rsa" : csr.PublicKey.Oid.Value == "1.2.840.10045.2.1" ? "ec" : "other";
        if (role.KeyType != "any" && csrKeyType != role.KeyType)
        {
            throw VaultException.BadRequest($"role requires keys of type {role.KeyType}");
        }

        var commonName = data.GetString("common_name") is { Length: > 0 } given ? given : role.UseCsrCommonName ? CommonNameOf(csr.SubjectName) : null;
        var response = new LogicalResponse();
        var subject = LeafSubject(role, RequireCommonName(commonName), data, signer, response.Warnings);
        using var certificate = CertificateFactory.Issue(subject, csr.PublicKey, signer, role.ServerFlag, role.ClientFlag, await UrlsAsync(cancellationToken));
        if (!role.NoStore)
        {
            await StoreAsync(certificate, signer.Record.IssuerId, cancellationToken);
        }

        response.Data = CertificateData(certificate, signer.Record.CertificatePem, signer.Chain, data.GetString("format") ?? "pem");
        return response;
    }

    private async ValueTask<LogicalResponse> ReadCertificateAsync(string serial, CancellationToken cancellationToken)
    {
        switch (serial)
        {
            case "ca":
                return LogicalResponse.WithData(new JsonObject { ["certificate"] = (await RequireSignerAsync(cancellationToken)).Record.CertificatePem });
            case "ca_chain":
                var chain = Bundle((await RequireSignerAsync(cancellationToken)).Chain);
                return LogicalResponse.WithData(new JsonObject { ["certificate"] = chain, ["ca_chain"] = chain });
            case "crl":
                return LogicalResponse.WithData(new JsonObject { ["certificate"] = CrlPem(await BuildCrlAsync(cancellationToken)) });
        }

        var record = await _storage.GetJsonAsync<PkiCertificateRecord>("certs/" + NormaliseSerial(serial), cancellationToken) ?? throw VaultException.NotFound();
        return LogicalResponse.WithData(new JsonObject
        {
            ["certificate"] = record.CertificatePem,
            ["issuer_id"] = record.IssuerId,
            ["revocation_time"] = record.RevocationTime?.ToUnixTimeSeconds() ?? 0,
            ["revocation_time_rfc3339"] = record.RevocationTime is { } revoked ? VaultJson.Rfc3339(revoked) : "",
        });
    }

    private async ValueTask<LogicalResponse> RevokeAsync(string? serialNumber, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(serialNumber))
        {
            throw VaultException.BadRequest("the serial number must be provided");
        }

        var serial = NormaliseSerial(serialNumber);
        using var _ = await _locks.AcquireAsync(serial, cancellationToken);
        var record = await _storage.GetJsonAsync<PkiCertificateRecord>("certs/" + serial, cancellationToken)
            ?? throw VaultException.BadRequest($"certificate with serial {serial} not found.");
        if (_signer is { } signer && NormaliseSerial(signer.Certificate.SerialNumber) == serial)
        {
            throw VaultException.BadRequest("adding issuer (id: " + signer.Record.IssuerId + ") to its own CRL is not allowed");
        }

        if (record.RevocationTime is null)
        {
            record.RevocationTime = _time.GetUtcNow();
            await _storage.PutJsonAsync("certs/" + serial, record, cancellationToken);
            await _storage.PutJsonAsync("revoked/" + serial, record.RevocationTime.Value, cancellationToken);
        }

        return LogicalResponse.WithData(new JsonObject
        {
            ["revocation_time"] = record.RevocationTime.Value.ToUnixTimeSeconds(),
            ["revocation_time_rfc3339"] = VaultJson.Rfc3339(record.RevocationTime.Value),
            ["state"] = "revoked",
        });
    }

    private async ValueTask<byte[]> BuildCrlAsync(CancellationToken cancellationToken)
    {
        var signer = await RequireSignerAsync(cancellationToken);
        var builder = new CertificateRevocationListBuilder();
        foreach (var serial in await _storage.ListAsync("revoked/", cancellationToken))
        {
            var revokedAt = await _storage.GetJsonAsync<DateTimeOffset>("revoked/" + serial, cancellationToken);
            builder.AddEntry(Convert.FromHexString(serial.Replace(":", "", StringComparison.Ordinal)), revokedAt);
        }

        using var _ = await _locks.AcquireAsync(CrlNumberKey, cancellationToken);
        var number = (await _storage.GetJsonAsync<long?>(CrlNumberKey, cancellationToken) ?? 0) + 1;
        await _storage.PutJsonAsync(CrlNumberKey, number, cancellationToken);
        var now = _time.GetUtcNow();
        return signer.SignCrl(builder, number, now, now + CrlLifetime);
    }

    private async ValueTask<LogicalResponse> TidyAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var tidyStore = data.GetBool("tidy_cert_store", false);
        var tidyRevoked = data.GetBool("tidy_revoked_certs", false);
        if (!tidyStore && !tidyRevoked)
        {
            throw VaultException.BadRequest("at least one tidy operation must be enabled");
        }

        var cutoff = _time.GetUtcNow() - (data.GetDuration("safety_buffer") ?? DefaultTidySafetyBuffer);
        foreach (var serial in await _storage.ListAsync("certs/", cancellationToken))
        {
            var record = await _storage.GetJsonAsync<PkiCertificateRecord>("certs/" + serial, cancellationToken);
            if (record is null || record.NotAfter > cutoff)
            {
                continue;
            }

            // An expired certificate need not be listed as revoked: no verifier accepts it anyway.
            if (record.RevocationTime is null ? tidyStore : tidyRevoked)
            {
                await _storage.DeleteAsync("certs/" + serial, cancellationToken);
                await _storage.DeleteAsync("revoked/" + serial, cancellationToken);
            }
        }

        var response = new LogicalResponse { StatusCode = 202 };
        response.Warnings.Add("Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs.");
        return response;
    }

    private async ValueTask<LogicalResponse> ListIssuersAsync(CancellationToken cancellationToken)
    {
        var issuer = await _storage.GetJsonAsync<PkiIssuer>(IssuerKey, cancellationToken) ?? throw VaultException.NotFound();
        return LogicalResponse.WithData(new JsonObject
        {
            ["keys"] = JsonArrays.Strings([issuer.IssuerId]),
            ["key_info"] = new JsonObject { [issuer.IssuerId] = new JsonObject { ["issuer_name"] = issuer.IssuerName, ["is_default"] = true } },
        });
    }

    /// <summary>The mount's issuer by id, by name, or as <c>default</c>; this engine keeps one.</summary>
    private async ValueTask<PkiIssuer> RequireIssuerAsync(string reference, CancellationToken cancellationToken)
    {
        var issuer = await _storage.GetJsonAsync<PkiIssuer>(IssuerKey, cancellationToken);
        return issuer is not null && (reference == "default" || reference == issuer.IssuerId || (issuer.IssuerName.Length > 0 && reference == issuer.IssuerName))
            ? issuer
            : throw VaultException.BadRequest($"unable to find PKI issuer for reference: {reference}");
    }

    private static JsonObject DescribeIssuer(PkiIssuer issuer) => new()
    {
        ["issuer_id"] = issuer.IssuerId,
        ["issuer_name"] = issuer.IssuerName,
        ["key_id"] = issuer.KeyId,
        ["certificate"] = issuer.CertificatePem,
        ["ca_chain"] = JsonArrays.Strings([issuer.CertificatePem, .. issuer.ChainPems]),
        ["leaf_not_after_behavior"] = "err",
        ["manual_chain"] = null,
        ["usage"] = "crl-signing,issuing-certificates,ocsp-signing,read-only",
    };

    private async ValueTask<LogicalResponse?> WriteRoleAsync(string name, JsonObject data, CancellationToken cancellationToken)
    {
        using var _ = await _locks.AcquireAsync("role/" + name, cancellationToken);
        var role = await RoleAsync(name, cancellationToken) ?? new PkiRole();
        PkiRoleFields.Apply(role, data, context.Mount.EffectiveMaxTtl);
        if (role.IssuerRef != "default")
        {
            await RequireIssuerAsync(role.IssuerRef, cancellationToken);
        }

        await _storage.PutJsonAsync("role/" + name, role, cancellationToken);
        return LogicalResponse.WithData(PkiRoleFields.Describe(role));
    }

    private async ValueTask<LogicalResponse?> WriteUrlsAsync(JsonObject data, CancellationToken cancellationToken)
    {
        var urls = await UrlsAsync(cancellationToken);
        urls.IssuingCertificates = ValidUrls(data.GetStringList("issuing_certificates")) ?? urls.IssuingCertificates;
        urls.CrlDistributionPoints = ValidUrls(data.GetStringList("crl_distribution_points")) ?? urls.CrlDistributionPoints;
        urls.OcspServers = ValidUrls(data.GetStringList("ocsp_servers")) ?? urls.OcspServers;
        await _storage.PutJsonAsync(UrlsKey, urls, cancellationToken);
        return LogicalResponse.WithData(DescribeUrls(urls));
    }

    private CertificateSubject LeafSubject(PkiRole role, string commonName, JsonObject data, PkiSigner signer, List<string> warnings)
    {
        if (!PkiNamePolicy.Allows(role, commonName))
        {
            throw VaultException.BadRequest($"common name {commonName} not allowed by this role");
        }

        var names = RequestedNames(commonName, data, role.AllowIpSans);
        foreach (var name in names.Dns.Concat(names.Emails).Where(n => n != commonName && !PkiNamePolicy.Allows(role, n)))
        {
            throw VaultException.BadRequest(name.Contains('@') ? $"email address {name} not allowed by this role" : $"subject alternate name {name} not allowed by this role");
        }

        return Subject(commonName, role.Organization, role.Ou, role.Country, names, signer, data.GetDuration("ttl"), role.Ttl, role.MaxTtl, role.NotBeforeDuration, warnings);
    }

    private CertificateSubject Subject(string commonName, List<string>? organization, List<string>? ou, List<string>? country, (List<string> Dns, List<string> Emails, List<IPAddress> Ips) names, PkiSigner? signer, TimeSpan? requestedTtl, long roleTtl, long roleMaxTtl, long notBeforeSeconds, List<string> warnings)
    {
        var mount = context.Mount;
        var ttl = requestedTtl is { } requested && requested > TimeSpan.Zero ? requested : roleTtl > 0 ? TimeSpan.FromSeconds(roleTtl) : mount.EffectiveDefaultTtl;
        var maxTtl = roleMaxTtl > 0 ? TimeSpan.FromSeconds(roleMaxTtl) : mount.EffectiveMaxTtl;
        if (ttl > maxTtl)
        {
            warnings.Add($"TTL \"{Durations.ToGoString(ttl)}\" is longer than permitted maxTTL \"{Durations.ToGoString(maxTtl)}\", so maxTTL is being used");
            ttl = maxTtl;
        }

        var now = _time.GetUtcNow();
        var notAfter = now + ttl;
        if (signer is not null && notAfter > signer.Certificate.NotAfter)
        {
            throw VaultException.BadRequest($"cannot satisfy request, as TTL would result in notAfter of {notAfter.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} that is beyond the expiration of the CA certificate at {signer.Certificate.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        }

        return new CertificateSubject(SubjectName(commonName, organization, ou, country), names.Dns, names.Emails, names.Ips, now - TimeSpan.FromSeconds(notBeforeSeconds), notAfter);
    }

    private static X500DistinguishedName SubjectName(string commonName, List<string>? organization, List<string>? ou, List<string>? country)
    {
        var builder = new X500DistinguishedNameBuilder();
        foreach (var value in country ?? [])
        {
            builder.AddCountryOrRegion(value);
        }

        foreach (var value in organization ?? [])
        {
            builder.AddOrganizationName(value);
        }

        foreach (var value in ou ?? [])
        {
            builder.AddOrganizationalUnitName(value);
        }

        builder.AddCommonName(commonName);
        return builder.Build();
    }

    /// <summary>The names to put in the SAN: the CN (unless excluded), <c>alt_names</c> split into DNS and email, and <c>ip_sans</c>.</summary>
    private static (List<string> Dns, List<string> Emails, List<IPAddress> Ips) RequestedNames(string commonName, JsonObject data, bool allowIpSans)
    {
        var requested = new List<string>();
        if (!data.GetBool("exclude_cn_from_sans", false))
        {
            requested.Add(commonName);
        }

        requested.AddRange(data.GetStringList("alt_names") ?? []);
        var dns = requested.Where(n => !n.Contains('@')).Distinct(StringComparer.Ordinal).ToList();
        var emails = requested.Where(n => n.Contains('@')).Distinct(StringComparer.Ordinal).ToList();

        var ipSans = data.GetStringList("ip_sans") ?? [];
        if (ipSans.Count > 0 && !allowIpSans)
        {
            throw VaultException.BadRequest($"IP Subject Alternative Names are not allowed in this role, but was provided [{string.Join(' ', ipSans)}]");
        }

        var ips = ipSans.Select(ip => IPAddress.TryParse(ip, out var parsed) ? parsed : throw VaultException.BadRequest($"the value \"{ip}\" is not a valid IP address")).ToList();
        return (dns, emails, ips);
    }

    private static JsonObject CertificateData(X509Certificate2 certificate, string issuingCaPem, IReadOnlyList<string>? chain, string format)
    {
        var pem = certificate.ExportCertificatePem();
        var data = new JsonObject
        {
            ["certificate"] = format switch
            {
                "pem" => pem,
                "der" => Convert.ToBase64String(certificate.RawData),
                "pem_bundle" => Bundle([pem, .. chain ?? [issuingCaPem]]),
                _ => throw VaultException.BadRequest($"unsupported format argument: {format}"),
            },
            ["issuing_ca"] = format == "der" ? Convert.ToBase64String(X509Certificate2.CreateFromPem(issuingCaPem).RawData) : issuingCaPem,
            ["serial_number"] = NormaliseSerial(certificate.SerialNumber),
            ["expiration"] = new DateTimeOffset(certificate.NotAfter).ToUnixTimeSeconds(),
        };
        if (chain is not null)
        {
            data["ca_chain"] = JsonArrays.Strings(chain);
        }

        return data;
    }

    private static void AddPrivateKey(JsonObject data, AsymmetricAlgorithm? key, JsonObject request)
    {
        if (key is null)
        {
            return;
        }

        var format = request.GetString("private_key_format") ?? "der";
        if (format is not ("der" or "pem" or "pkcs8" or ""))
        {
            throw VaultException.BadRequest($"unsupported private_key_format argument: {format}");
        }

        data["private_key"] = PkiKeys.ExportPem(key, format);
        data["private_key_type"] = PkiKeys.TypeName(key);
    }

    private async ValueTask InstallIssuerAsync(PkiIssuer issuer, CancellationToken cancellationToken)
    {
        await _issuerGate.WaitAsync(cancellationToken);
        try
        {
            await _storage.PutJsonAsync(IssuerKey, issuer, cancellationToken);
            _signer = new PkiSigner(issuer);
        }
        finally
        {
            _issuerGate.Release();
        }
    }

    private async ValueTask<PkiSigner> RequireSignerAsync(CancellationToken cancellationToken)
    {
        if (_signer is { } loaded)
        {
            return loaded;
        }

        await _issuerGate.WaitAsync(cancellationToken);
        try
        {
            if (_signer is null && await _storage.GetJsonAsync<PkiIssuer>(IssuerKey, cancellationToken) is { } record)
            {
                _signer = new PkiSigner(record);
            }

            return _signer ?? throw VaultException.BadRequest("no default issuer currently configured; set one with root/generate or intermediate/set-signed");
        }
        finally
        {
            _issuerGate.Release();
        }
    }

    private async ValueTask StoreAsync(X509Certificate2 certificate, string issuerId, CancellationToken cancellationToken) =>
        await _storage.PutJsonAsync(
            "certs/" + NormaliseSerial(certificate.SerialNumber),
            new PkiCertificateRecord { CertificatePem = certificate.ExportCertificatePem(), NotAfter = certificate.NotAfter, IssuerId = issuerId },
            cancellationToken);

    private async ValueTask<PkiRole> RequireRoleAsync(string name, CancellationToken cancellationToken) =>
        await RoleAsync(name, cancellationToken) ?? throw VaultException.BadRequest($"unknown role: {name}");

    private ValueTask<PkiRole?> RoleAsync(string name, CancellationToken cancellationToken) =>
        _storage.GetJsonAsync<PkiRole>("role/" + name, cancellationToken);

    private async ValueTask<PkiUrls> UrlsAsync(CancellationToken cancellationToken) =>
        await _storage.GetJsonAsync<PkiUrls>(UrlsKey, cancellationToken) ?? new PkiUrls();

    private async ValueTask<LogicalResponse> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = await _storage.ListAsync(prefix, cancellationToken);
        return keys.Count == 0 ? throw VaultException.NotFound() : LogicalResponse.WithData(new JsonObject { ["keys"] = JsonArrays.Strings(keys) });
    }

    private async ValueTask<LogicalResponse?> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await _storage.DeleteAsync(key, cancellationToken);
        return null;
    }

    private static JsonObject DescribeUrls(PkiUrls urls) => new()
    {
        ["issuing_certificates"] = JsonArrays.Strings(urls.IssuingCertificates),
        ["crl_distribution_points"] = JsonArrays.Strings(urls.CrlDistributionPoints),
        ["ocsp_servers"] = JsonArrays.Strings(urls.OcspServers),
        ["enable_templating"] = false,
    };

    private static List<string>? ValidUrls(List<string>? urls)
    {
        foreach (var url in urls ?? [])
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                throw VaultException.BadRequest($"invalid URL: {url}");
            }
        }

        return urls;
    }

    private static bool Exported(string kind) => kind switch
    {
        "exported" => true,
        "internal" => false,
        _ => throw VaultException.BadRequest($"invalid type \"{kind}\": must be \"internal\" or \"exported\""),
    };

    private static string RequireCommonName(string? commonName) =>
        string.IsNullOrWhiteSpace(commonName)
            ? throw VaultException.BadRequest("the common_name field is required, or must be provided in a CSR with \"use_csr_common_name\" set to true, unless \"require_cn\" is set to false")
            : commonName;

    private static string? CommonNameOf(X500DistinguishedName name) =>
        name.EnumerateRelativeDistinguishedNames().FirstOrDefault(n => n.GetSingleElementType().Value == "2.5.4.3")?.GetSingleElementValue();

    private static CertificateRequest LoadCsr(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            throw VaultException.BadRequest("\"csr\" is empty");
        }

        try
        {
            return CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException)
        {
            throw VaultException.BadRequest("certificate request could not be parsed");
        }
    }

    private static X509Certificate2 ParseCertificate(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException)
        {
            throw VaultException.BadRequest("unable to parse certificate");
        }
    }

    private static List<string> SplitPem(string bundle)
    {
        const string end = "-----END CERTIFICATE-----";
        var pems = new List<string>();
        var position = 0;
        while ((position = bundle.IndexOf("-----BEGIN CERTIFICATE-----", position, StringComparison.Ordinal)) >= 0)
        {
            var stop = bundle.IndexOf(end, position, StringComparison.Ordinal);
            if (stop < 0)
            {
                break;
            }

            pems.Add(bundle[position..(stop + end.Length)] + "\n");
            position = stop + end.Length;
        }

        return pems;
    }

    private static string Bundle(IEnumerable<string> pems) => string.Join("", pems.Select(p => p.EndsWith('\n') ? p : p + "\n"));

    private static string CrlPem(byte[] der) => PemEncoding.WriteString("X509 CRL", der) + "\n";

    private static string NormaliseSerial(string serial) =>
        CertificateFactory.FormatSerial(serial.Replace(":", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal));
}
