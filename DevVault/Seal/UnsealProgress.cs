using System.Security.Cryptography;

namespace DevVault.Seal;

/// <summary>
/// The key shares entered so far towards an unseal, and the nonce Vault reports for the attempt (a new one
/// each time the first share of an attempt arrives; empty when no attempt is in progress).
/// </summary>
public sealed class UnsealProgress
{
    private readonly List<byte[]> _shares = [];

    public int Count => _shares.Count;

    public string Nonce { get; private set; } = "";

    public IReadOnlyList<byte[]> Shares => _shares;

    /// <summary>Adds a share; a share already entered in this attempt is ignored, as Vault ignores it.</summary>
    public void Add(byte[] share)
    {
        if (_shares.Any(s => CryptographicOperations.FixedTimeEquals(s, share)))
        {
            return;
        }

        if (_shares.Count == 0)
        {
            Nonce = Guid.NewGuid().ToString();
        }

        _shares.Add(share);
    }

    public void Reset()
    {
        foreach (var share in _shares)
        {
            CryptographicOperations.ZeroMemory(share);
        }

        _shares.Clear();
        Nonce = "";
    }
}
