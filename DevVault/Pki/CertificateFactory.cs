using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DevVault.Pki;

/// <summary>What goes into a certificate besides its key: who it names and for how long.</summary>
public sealed record CertificateSubject(
    X500DistinguishedName Name,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> EmailAddresses,
    IReadOnlyList<IPAddress> IpAddresses,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter);

/// <summary>
/// Builds CA and leaf certificates and CSRs with .NET's <see cref="CertificateRequest"/>: Vault's extensions
/// (basic constraints, key usage, extended key usage for server/client, SANs, subject and authority key ids,
/// AIA and CRL distribution points from <c>config/urls</c>) and a random positive 160-bit serial.
/// </summary>
public static class CertificateFactory
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateRoot(CertificateSubject subject, AsymmetricAlgorithm key, int maxPathLength)
    {
        var request = NewRequest(subject.Name, key);
        AddCaExtensions(request, maxPathLength);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
            (X509SubjectKeyIdentifierExtension)request.CertificateExtensions.First(e => e is X509SubjectKeyIdentifierExtension)));
        AddSubjectAlternativeNames(request, subject);
        return request.Create(subject.Name, PkiKeys.SignatureGenerator(key), subject.NotBefore, subject.NotAfter, NewSerial());
    }

    public static string CreateSigningRequestPem(X500DistinguishedName name, AsymmetricAlgorithm key) =>
        NewRequest(name, key).CreateSigningRequestPem();

    /// <summary>Signs a subordinate CA's public key (from its CSR) with <paramref name="issuer"/>.</summary>
    public static X509Certificate2 SignIntermediate(CertificateSubject subject, PublicKey publicKey, PkiSigner issuer, int maxPathLength, PkiUrls urls)
    {
        var request = new CertificateRequest(subject.Name, publicKey, PkiKeys.HashFor(issuer.Key));
        AddCaExtensions(request, maxPathLength);
        AddSubjectAlternativeNames(request, subject);
        return issuer.Sign(request, subject, urls);
    }

    /// <summary>Signs an end-entity certificate for <paramref name="publicKey"/> (a generated key's, or a CSR's).</summary>
    public static X509Certificate2 Issue(CertificateSubject subject, PublicKey publicKey, PkiSigner issuer, bool serverFlag, bool clientFlag, PkiUrls urls)
    {
        var request = new CertificateRequest(subject.Name, publicKey, PkiKeys.HashFor(issuer.Key));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyEncipherment;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var purposes = new OidCollection();
        if (serverFlag)
        {
            purposes.Add(ServerAuth);
        }

        if (clientFlag)
        {
            purposes.Add(ClientAuth);
        }

        if (purposes.Count > 0)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(purposes, false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        AddSubjectAlternativeNames(request, subject);
        return issuer.Sign(request, subject, urls);
    }

    /// <summary>Adds the authority key id and the URLs, then signs: the last steps every issued certificate shares.</summary>
    internal static X509Certificate2 Complete(CertificateRequest request, CertificateSubject subject, X509Certificate2 issuerCertificate, X509SignatureGenerator generator, PkiUrls urls)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuerCertificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (urls.IssuingCertificates.Count > 0 || urls.OcspServers.Count > 0)
        {
            request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(urls.OcspServers, urls.IssuingCertificates));
        }

        if (urls.CrlDistributionPoints.Count > 0)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(urls.CrlDistributionPoints));
        }

        return request.Create(issuerCertificate.SubjectName, generator, subject.NotBefore, subject.NotAfter, NewSerial());
    }

    /// <summary>Vault's serial form: lower-case hex bytes joined by colons.</summary>
    public static string FormatSerial(string serialHex) =>
        string.Join(':', Enumerable.Range(0, serialHex.Length / 2).Select(i => serialHex.Substring(i * 2, 2))).ToLowerInvariant();

    private static CertificateRequest NewRequest(X500DistinguishedName name, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(name, rsa, PkiKeys.HashFor(key), RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(name, ec, PkiKeys.HashFor(key)),
        _ => throw new NotSupportedException($"{key.GetType().Name} keys are not supported."),
    };

    private static void AddCaExtensions(CertificateRequest request, int maxPathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, maxPathLength >= 0, Math.Max(0, maxPathLength), true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static void AddSubjectAlternativeNames(CertificateRequest request, CertificateSubject subject)
    {
        if (subject.DnsNames.Count + subject.EmailAddresses.Count + subject.IpAddresses.Count == 0)
        {
            return;
        }

        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in subject.DnsNames)
        {
            names.AddDnsName(dns);
        }

        foreach (var email in subject.EmailAddresses)
        {
            names.AddEmailAddress(email);
        }

        foreach (var ip in subject.IpAddresses)
        {
            names.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(names.Build());
    }

    // 20 random bytes with the top bit cleared: positive, as RFC 5280 4.1.2.2 requires, and at most 20 octets.
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(20);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
