using DevVault.Storage;
using DevVault.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace DevVault.Tests.Server;

/// <summary>
/// At unseal the token store reads its folder in one go (<see cref="IStorage.GetChildrenAsync"/>), not a read per
/// token: on PostgreSQL that is one query instead of ten thousand round trips for ten thousand tokens.
/// </summary>
public sealed class UnsealLoadingTests
{
    [Fact]
    public async Task UnsealLoadsTokensByFolderAndEveryTokenWorksAfterwards()
    {
        CountingStorage? counting = null;
        await using var vault = await ServerModeVault.StartAsync(
            "storage \"inmem\" {}\n" + ServerModeVault.PlainListener,
            configureServices: services => services.AddSingleton<IStorage>(sp => counting = new CountingStorage(
                new BarrierStorage(sp.GetRequiredService<PhysicalStorage>().Backend, sp.GetRequiredService<Keyring>(), sp.GetRequiredService<VaultMetrics>()))));
        var (keys, rootToken) = await vault.InitializeAsync(1, 1);
        await vault.UnsealAsync(keys);
        var root = vault.As(rootToken);
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await root.PostAsync("auth/token/create", new { ttl = "1h" })).Expect(200).Json!["auth"]!["client_token"]!.GetValue<string>());
        }

        (await root.PutAsync("sys/seal")).Expect(204);
        counting!.Reset();
        await vault.UnsealAsync(keys);

        Assert.Contains("sys/token/id/", counting.FolderReads);
        Assert.DoesNotContain(counting.KeyReads, key => key.StartsWith("sys/token/id/", StringComparison.Ordinal));
        foreach (var token in tokens.Append(rootToken))
        {
            (await vault.As(token).GetAsync("auth/token/lookup-self")).Expect(200);
        }
    }

    /// <summary>Counts which keys are read one by one and which folders are read whole.</summary>
    private sealed class CountingStorage(IStorage inner) : IStorage
    {
        private readonly List<string> _keyReads = [];
        private readonly List<string> _folderReads = [];

        public IReadOnlyList<string> KeyReads
        {
            get
            {
                lock (_keyReads)
                {
                    return [.. _keyReads];
                }
            }
        }

        public IReadOnlyList<string> FolderReads
        {
            get
            {
                lock (_folderReads)
                {
                    return [.. _folderReads];
                }
            }
        }

        public void Reset()
        {
            lock (_keyReads)
            {
                _keyReads.Clear();
            }

            lock (_folderReads)
            {
                _folderReads.Clear();
            }
        }

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            lock (_keyReads)
            {
                _keyReads.Add(key);
            }

            return inner.GetAsync(key, cancellationToken);
        }

        public ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>> GetChildrenAsync(string prefix, CancellationToken cancellationToken = default)
        {
            lock (_folderReads)
            {
                _folderReads.Add(prefix);
            }

            return inner.GetChildrenAsync(prefix, cancellationToken);
        }

        public ValueTask PutAsync(string key, byte[] value, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, cancellationToken);

        public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);

        public ValueTask WriteAsync(IReadOnlyList<StorageWrite> writes, CancellationToken cancellationToken = default) => inner.WriteAsync(writes, cancellationToken);

        public ValueTask<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);
    }
}
