using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DevVault.Pki;

/// <summary>
/// An issuer loaded for signing: its certificate and key parsed once, not per request. .NET's key objects are not
/// documented as safe for concurrent use, so signatures made with one are serialised.
/// </summary>
public sealed class PkiSigner : IDisposable
{
    private readonly Lock _signLock = new();
    private readonly X509SignatureGenerator _generator;

    public PkiSigner(PkiIssuer record)
    {
        Record = record;
        Certificate = X509Certificate2.CreateFromPem(record.CertificatePem);
        Key = PkiKeys.Import(record.KeyPem, record.KeyType);
        _generator = PkiKeys.SignatureGenerator(Key);
        Chain = [record.CertificatePem, .. record.ChainPems];
    }

    public PkiIssuer Record { get; }

    public X509Certificate2 Certificate { get; }

    public AsymmetricAlgorithm Key { get; }

    /// <summary>This issuer's certificate followed by the ones above it, as PEM.</summary>
    public IReadOnlyList<string> Chain { get; }

    public X509Certificate2 Sign(CertificateRequest request, CertificateSubject subject, PkiUrls urls)
    {
        lock (_signLock)
        {
            return CertificateFactory.Complete(request, subject, Certificate, _generator, urls);
        }
    }

    public byte[] SignCrl(CertificateRevocationListBuilder builder, System.Numerics.BigInteger crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        lock (_signLock)
        {
            return builder.Build(
                Certificate.SubjectName,
                _generator,
                crlNumber,
                nextUpdate,
                PkiKeys.HashFor(Key),
                X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false),
                thisUpdate);
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
    }
}
