using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace DevVault.Storage;

/// <summary>
/// The barrier's keyring (Vault's keyring): AES-256-GCM keys by term. Writes use the newest term; reads find the
/// term in the value's header, so values written before a rotation stay readable. It starts empty (sealed): dev mode
/// generates one in memory, server mode loads the one sealed under the root key at unseal (<see cref="Seal.SealManager"/>).
/// </summary>
public sealed class Keyring
{
    private const int TermBytes = 4;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly TimeProvider _time;
    private readonly Lock _rotateLock = new();
    private ImmutableDictionary<uint, KeyTerm> _terms = ImmutableDictionary<uint, KeyTerm>.Empty;
    private KeyTerm? _active;
    private long _encryptions;

    public Keyring(TimeProvider time) => _time = time;

    /// <summary>False while sealed: nothing can be encrypted or decrypted.</summary>
    public bool IsLoaded => Volatile.Read(ref _active) is not null;

    /// <summary>Starts a new keyring with a single term 1 (at initialisation, and for dev mode).</summary>
    public void Generate()
    {
        lock (_rotateLock)
        {
            var first = NewTerm(1);
            _terms = ImmutableDictionary<uint, KeyTerm>.Empty.Add(1, first);
            Interlocked.Exchange(ref _encryptions, 0);
            Volatile.Write(ref _active, first);
        }
    }

    /// <summary>The keyring as bytes, for sealing under the root key. Holds every key: never store it unencrypted.</summary>
    public byte[] Export()
    {
        lock (_rotateLock)
        {
            var active = _active ?? throw Sealed();
            var terms = _terms.Values.OrderBy(t => t.Term).Select(t => new StoredTerm(t.Term, t.Key, t.InstallTime)).ToList();
            return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new StoredKeyring(active.Term, terms));
        }
    }

    /// <summary>Installs a keyring read back from <see cref="Export"/> (at unseal).</summary>
    public void Import(ReadOnlySpan<byte> exported)
    {
        var stored = System.Text.Json.JsonSerializer.Deserialize<StoredKeyring>(exported)
            ?? throw new CryptographicException("The stored keyring is empty.");
        var terms = stored.Terms.ToImmutableDictionary(t => t.Term, t => new KeyTerm(t.Term, t.Key, t.InstallTime));
        lock (_rotateLock)
        {
            _terms = terms;
            Interlocked.Exchange(ref _encryptions, 0);
            Volatile.Write(ref _active, terms[stored.ActiveTerm]);
        }
    }

    /// <summary>Forgets every key (at seal); the stored, sealed keyring is untouched.</summary>
    public void Clear()
    {
        lock (_rotateLock)
        {
            foreach (var term in _terms.Values)
            {
                CryptographicOperations.ZeroMemory(term.Key);
            }

            _terms = ImmutableDictionary<uint, KeyTerm>.Empty;
            Volatile.Write(ref _active, null);
        }
    }

    /// <summary>The term new values are written with, when it was installed, and how many values it has encrypted.</summary>
    public (uint Term, DateTimeOffset InstallTime, long Encryptions) Status
    {
        get
        {
            var active = Volatile.Read(ref _active) ?? throw Sealed();
            return (active.Term, active.InstallTime, Interlocked.Read(ref _encryptions));
        }
    }

    /// <summary>Installs a new key term; older terms stay for reading.</summary>
    public uint Rotate()
    {
        lock (_rotateLock)
        {
            var next = NewTerm((_active ?? throw Sealed()).Term + 1);
            _terms = _terms.Add(next.Term, next);
            Interlocked.Exchange(ref _encryptions, 0);
            Volatile.Write(ref _active, next);
            return next.Term;
        }
    }

    /// <summary>Seals <paramref name="plaintext"/>, binding it to <paramref name="path"/> so a value cannot be moved to another key.</summary>
    public byte[] Encrypt(string path, ReadOnlySpan<byte> plaintext)
    {
        var active = Volatile.Read(ref _active) ?? throw Sealed();
        var sealedValue = new byte[TermBytes + NonceBytes + TagBytes + plaintext.Length];
        var span = sealedValue.AsSpan();
        BinaryPrimitives.WriteUInt32BigEndian(span, active.Term);
        var nonce = span.Slice(TermBytes, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(active.Key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, span[(TermBytes + NonceBytes + TagBytes)..], span.Slice(TermBytes + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(path));
        }

        Interlocked.Increment(ref _encryptions);
        return sealedValue;
    }

    public byte[] Decrypt(string path, ReadOnlySpan<byte> sealedValue)
    {
        if (sealedValue.Length < TermBytes + NonceBytes + TagBytes)
        {
            throw new CryptographicException($"The stored value at {path} is too short to be a barrier value.");
        }

        var term = BinaryPrimitives.ReadUInt32BigEndian(sealedValue);
        if (!IsLoaded)
        {
            throw Sealed();
        }

        if (!Volatile.Read(ref _terms).TryGetValue(term, out var key))
        {
            throw new CryptographicException($"The stored value at {path} was written with unknown key term {term}.");
        }

        var plaintext = new byte[sealedValue.Length - TermBytes - NonceBytes - TagBytes];
        using var aes = new AesGcm(key.Key, TagBytes);
        aes.Decrypt(
            sealedValue.Slice(TermBytes, NonceBytes),
            sealedValue[(TermBytes + NonceBytes + TagBytes)..],
            sealedValue.Slice(TermBytes + NonceBytes, TagBytes),
            plaintext,
            Encoding.UTF8.GetBytes(path));
        return plaintext;
    }

    private KeyTerm NewTerm(uint term) => new(term, RandomNumberGenerator.GetBytes(32), _time.GetUtcNow());

    private static Core.VaultException Sealed() => Core.VaultException.Sealed();

    private sealed record KeyTerm(uint Term, byte[] Key, DateTimeOffset InstallTime);

    private sealed record StoredTerm(uint Term, byte[] Key, DateTimeOffset InstallTime);

    private sealed record StoredKeyring(uint ActiveTerm, List<StoredTerm> Terms);
}
