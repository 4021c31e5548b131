using System.Security.Cryptography;
using System.Text;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Seal;

/// <summary>
/// Initialisation, unseal and seal (Vault's Shamir seal). A random 256-bit root key seals the barrier's keyring
/// (AES-256-GCM, stored as <c>core/keyring</c>); the root key itself is never stored, only split into key shares at
/// <c>sys/init</c>. Unsealing recombines the shares, opens the keyring, then loads the server's state
/// (<see cref="CoreSetup"/>); sealing unloads the state and forgets every key.
/// </summary>
public sealed partial class SealManager(
    PhysicalStorage physical,
    Keyring keyring,
    CoreSetup setup,
    ILogger<SealManager> logger)
{
    private const string KeyringKey = "core/keyring";
    private const int RootKeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly SemaphoreSlim _transition = new(1, 1);
    private readonly UnsealProgress _progress = new();
    private SealConfiguration? _config;
    private byte[]? _rootKey;
    private volatile bool _unsealed;

    public bool IsUnsealed => _unsealed;

    public async Task<SealStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var config = _config ?? await ReadConfigAsync(cancellationToken);
        lock (_progress)
        {
            return new SealStatus(config is not null, !_unsealed, config?.SecretThreshold ?? 0, config?.SecretShares ?? 0, _progress.Count, _progress.Nonce, physical.Type);
        }
    }

    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken = default) =>
        (_config ?? await ReadConfigAsync(cancellationToken)) is not null;

    /// <summary>
    /// Dev mode: initialise with a single key share and unseal at once, as <c>vault server -dev</c> does, then
    /// mount what a dev server starts with and create the given root token.
    /// </summary>
    public async Task StartDevAsync(string rootToken, CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            var rootKey = await CreateBarrierAsync(cancellationToken);
            await setup.CreateDefaultsAsync(rootToken, devMode: true, cancellationToken);
            await StoreConfigAsync(new SealConfiguration(1, 1), cancellationToken);
            _rootKey = rootKey;
            _unsealed = true;
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Server mode's first start: makes the root key and keyring, the default mounts and a root token; leaves the server sealed.</summary>
    public async Task<InitResult> InitializeAsync(SealConfiguration config, CancellationToken cancellationToken)
    {
        if (config.Problem is { } problem)
        {
            throw VaultException.BadRequest($"invalid seal configuration: {problem}");
        }

        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (await IsInitializedAsync(cancellationToken))
            {
                throw VaultException.BadRequest("Vault is already initialized");
            }

            var rootKey = await CreateBarrierAsync(cancellationToken);
            var rootToken = Ids.ServiceToken();
            try
            {
                await setup.CreateDefaultsAsync(rootToken, devMode: false, cancellationToken);
            }
            finally
            {
                await setup.UnloadAsync();
                keyring.Clear();
            }

            // Written last: until it exists the server is not initialised, so a failed init can simply be retried.
            await StoreConfigAsync(config, cancellationToken);

            var keys = config.SecretShares == 1
                ? [rootKey]
                : ShamirSecretSharing.Split(rootKey, config.SecretShares, config.SecretThreshold);
            LogInitialized(logger, config.SecretShares, config.SecretThreshold);
            return new InitResult(keys, rootToken);
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Takes one key share; at the threshold, recombines and unseals. A wrong combination resets the progress.</summary>
    public async Task<SealStatus> UnsealAsync(byte[] share, CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            var config = await ReadConfigAsync(cancellationToken) ?? throw VaultException.BadRequest("Vault is not initialized");
            UnsealKey.CheckLength(share);
            if (_unsealed)
            {
                return await StatusAsync(cancellationToken);
            }

            byte[] rootKey;
            lock (_progress)
            {
                _progress.Add(share);
                if (_progress.Count < config.SecretThreshold)
                {
                    return new SealStatus(true, true, config.SecretThreshold, config.SecretShares, _progress.Count, _progress.Nonce, physical.Type);
                }

                rootKey = Recombine(config);
            }

            await OpenBarrierAsync(rootKey, cancellationToken);
            return await StatusAsync(cancellationToken);
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Discards the shares entered so far (<c>sys/unseal</c> with <c>reset</c>).</summary>
    public Task<SealStatus> ResetUnsealAsync(CancellationToken cancellationToken)
    {
        if (_unsealed)
        {
            throw VaultException.BadRequest("vault is unsealed");
        }

        lock (_progress)
        {
            _progress.Reset();
        }

        return StatusAsync(cancellationToken);
    }

    public async Task SealAsync(CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            if (!_unsealed)
            {
                return;
            }

            _unsealed = false;
            await setup.UnloadAsync();
            keyring.Clear();
            if (_rootKey is not null)
            {
                CryptographicOperations.ZeroMemory(_rootKey);
                _rootKey = null;
            }

            LogSealed(logger);
        }
        finally
        {
            _transition.Release();
        }
    }

    /// <summary>Adds a keyring term (<c>sys/rotate</c>) and stores the keyring again, so the new term survives a restart.</summary>
    public async Task RotateAsync(CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken);
        try
        {
            var rootKey = _rootKey ?? throw VaultException.Sealed();
            keyring.Rotate();
            await StoreKeyringAsync(rootKey, cancellationToken);
        }
        finally
        {
            _transition.Release();
        }
    }

    private byte[] Recombine(SealConfiguration config)
    {
        try
        {
            return config.SecretShares == 1 ? [.. _progress.Shares[0]] : ShamirSecretSharing.Combine(_progress.Shares);
        }
        catch (ArgumentException e)
        {
            _progress.Reset();
            throw VaultException.BadRequest($"invalid key: failed to compute combined key: {e.Message}");
        }
    }

    private async Task OpenBarrierAsync(byte[] rootKey, CancellationToken cancellationToken)
    {
        var sealedKeyring = await physical.Backend.GetAsync(KeyringKey, cancellationToken)
            ?? throw VaultException.Internal("the stored keyring is missing");
        try
        {
            keyring.Import(Open(rootKey, sealedKeyring));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            lock (_progress)
            {
                _progress.Reset();
            }

            throw WrongKey(rootKey.Length);
        }

        lock (_progress)
        {
            _progress.Reset();
        }

        try
        {
            await setup.LoadAsync(cancellationToken);
        }
        catch
        {
            await setup.UnloadAsync();
            keyring.Clear();
            throw;
        }

        _rootKey = rootKey;
        _unsealed = true;
        LogUnsealed(logger);
    }

    /// <summary>
    /// What Vault's Shamir seal answers when the combined key cannot open the stored root key: it first loads the key
    /// into AES, which refuses other sizes, then fails to authenticate the stored keys (vault/seal.go, ErrInvalidKey).
    /// </summary>
    private static VaultException WrongKey(int keyLength) => keyLength is 16 or 24 or 32
        ? VaultException.BadRequest("unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed")
        : VaultException.BadRequest($"invalid key: failed to setup unseal key: crypto/aes: invalid key size {keyLength}");

    private async Task<byte[]> CreateBarrierAsync(CancellationToken cancellationToken)
    {
        var rootKey = RandomNumberGenerator.GetBytes(RootKeyBytes);
        keyring.Generate();
        await StoreKeyringAsync(rootKey, cancellationToken);
        return rootKey;
    }

    private async Task StoreConfigAsync(SealConfiguration config, CancellationToken cancellationToken)
    {
        await physical.Backend.PutAsync(SealConfiguration.StorageKey, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(config), cancellationToken);
        _config = config;
    }

    private async Task StoreKeyringAsync(byte[] rootKey, CancellationToken cancellationToken)
    {
        var exported = keyring.Export();
        try
        {
            await physical.Backend.PutAsync(KeyringKey, Seal(rootKey, exported), cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(exported);
        }
    }

    private async Task<SealConfiguration?> ReadConfigAsync(CancellationToken cancellationToken)
    {
        var bytes = await physical.Backend.GetAsync(SealConfiguration.StorageKey, cancellationToken);
        _config = bytes is null ? null : System.Text.Json.JsonSerializer.Deserialize<SealConfiguration>(bytes);
        return _config;
    }

    /// <summary>AES-256-GCM under the root key: nonce, tag, ciphertext; bound to the key name.</summary>
    private static byte[] Seal(byte[] rootKey, byte[] plaintext)
    {
        var sealedValue = new byte[NonceBytes + TagBytes + plaintext.Length];
        var span = sealedValue.AsSpan();
        RandomNumberGenerator.Fill(span[..NonceBytes]);
        using var aes = new AesGcm(rootKey, TagBytes);
        aes.Encrypt(span[..NonceBytes], plaintext, span[(NonceBytes + TagBytes)..], span.Slice(NonceBytes, TagBytes), Encoding.UTF8.GetBytes(KeyringKey));
        return sealedValue;
    }

    private static byte[] Open(byte[] rootKey, byte[] sealedValue)
    {
        if (rootKey.Length != RootKeyBytes || sealedValue.Length < NonceBytes + TagBytes)
        {
            throw new CryptographicException("wrong key length or truncated keyring");
        }

        var span = sealedValue.AsSpan();
        var plaintext = new byte[sealedValue.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(rootKey, TagBytes);
        aes.Decrypt(span[..NonceBytes], span[(NonceBytes + TagBytes)..], span.Slice(NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(KeyringKey));
        return plaintext;
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Initialized with {Shares} key shares and a key threshold of {Threshold}")]
    private static partial void LogInitialized(ILogger logger, int shares, int threshold);

    [LoggerMessage(EventId = 402, Level = LogLevel.Information, Message = "Unsealed")]
    private static partial void LogUnsealed(ILogger logger);

    [LoggerMessage(EventId = 403, Level = LogLevel.Information, Message = "Sealed")]
    private static partial void LogSealed(ILogger logger);
}
