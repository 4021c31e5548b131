namespace DevVault.Pki;

/// <summary>A CA this mount signs with: its certificate, its key (stored behind the barrier), and the chain above it.</summary>
public sealed class PkiIssuer
{
    public string IssuerId { get; set; } = "";

    public string KeyId { get; set; } = "";

    /// <summary>The <c>issuer_name</c> given at generation; empty when none was.</summary>
    public string IssuerName { get; set; } = "";

    public string CertificatePem { get; set; } = "";

    public string KeyPem { get; set; } = "";

    public string KeyType { get; set; } = "";

    /// <summary>The certificates above this issuer, nearest first (empty for a root).</summary>
    public List<string> ChainPems { get; set; } = [];
}

/// <summary>The key <c>intermediate/generate</c> made, waiting for <c>intermediate/set-signed</c> to bring its certificate.</summary>
public sealed class PkiPendingKey
{
    public string KeyId { get; set; } = "";

    public string KeyPem { get; set; } = "";

    public string KeyType { get; set; } = "";

    /// <summary>The <c>issuer_name</c> asked for at <c>intermediate/generate</c>, given to the issuer once it is signed.</summary>
    public string IssuerName { get; set; } = "";
}

/// <summary>An issued certificate as <c>cert/:serial</c>, <c>certs</c>, <c>revoke</c>, the CRL and <c>tidy</c> see it.</summary>
public sealed class PkiCertificateRecord
{
    public string CertificatePem { get; set; } = "";

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset? RevocationTime { get; set; }

    public string IssuerId { get; set; } = "";
}

/// <summary><c>config/urls</c>: where issued certificates say their CA certificate and CRL can be fetched.</summary>
public sealed class PkiUrls
{
    public List<string> IssuingCertificates { get; set; } = [];

    public List<string> CrlDistributionPoints { get; set; } = [];

    public List<string> OcspServers { get; set; } = [];
}
