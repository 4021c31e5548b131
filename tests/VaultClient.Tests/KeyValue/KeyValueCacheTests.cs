using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using VaultDemo.VaultClient.KeyValue;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.KeyValue;

/// <summary>The caches against a real DevVault; the client's clock is fake, so the bound is exact.</summary>
public sealed class KeyValueCacheTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    [Fact]
    public async Task LatestIsServedFromMemoryOnlyWithinItsBound()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var reader = vault.Server.CreateClient(new VaultClientOptions { AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(vault.Server.RootToken), LatestReadCacheDuration = TimeSpan.FromSeconds(5) }, time);
        var path = DevVaultFixture.Unique("bounded");
        await vault.Root.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });

        Assert.Equal("1", (await reader.KeyValue.ReadAsync(path))!.Data!["v"]);
        await vault.Root.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "2" });
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("1", (await reader.KeyValue.ReadAsync(path))!.Data!["v"]);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("2", (await reader.KeyValue.ReadAsync(path))!.Data!["v"]);
    }

    [Fact]
    public async Task LatestEntriesAreBoundedInNumberAndInAge()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var reader = vault.Server.CreateClient(
            new VaultClientOptions
            {
                AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(vault.Server.RootToken),
                LatestReadCacheDuration = TimeSpan.FromMinutes(5),
                LatestReadCacheSize = 16,
            },
            time);
        var folder = DevVaultFixture.Unique("many");
        var paths = Enumerable.Range(0, 100).Select(i => $"{folder}/{i}").ToArray();
        foreach (var path in paths)
        {
            await vault.Root.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });
        }

        foreach (var path in paths)
        {
            await reader.KeyValue.ReadAsync(path);
            Assert.InRange(reader.KeyValueCache.LatestCount, 1, 16);
        }

        time.Advance(TimeSpan.FromMinutes(5));
        await reader.KeyValue.ReadAsync(paths[0]);

        Assert.Equal(1, reader.KeyValueCache.LatestCount);
    }

    [Fact]
    public async Task OwnWritesAreVisibleImmediately()
    {
        using var client = vault.Server.CreateRootClient(o => o.LatestReadCacheDuration = TimeSpan.FromMinutes(5));
        var path = DevVaultFixture.Unique("own");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });
        Assert.Equal("1", (await client.KeyValue.ReadAsync(path))!.Data!["v"]);

        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "2" });

        Assert.Equal("2", (await client.KeyValue.ReadAsync(path))!.Data!["v"]);
    }

    [Fact]
    public async Task TheSamePathOnTwoMountsIsCachedSeparately()
    {
        var otherMount = DevVaultFixture.Unique("kv");
        await vault.Root.Admin.EnableSecretsEngineAsync(otherMount, "kv-v2");
        using var client = vault.Server.CreateRootClient(o => o.LatestReadCacheDuration = TimeSpan.FromMinutes(5));
        var path = DevVaultFixture.Unique("app");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["mount"] = "secret" });
        await client.KeyValueAt(otherMount).WriteAsync(path, new Dictionary<string, string> { ["mount"] = otherMount });

        // Fill both caches from the default mount first: latest and version 1.
        Assert.Equal("secret", (await client.KeyValue.ReadAsync(path))!.Data!["mount"]);
        Assert.Equal("secret", (await client.KeyValue.ReadAsync(path, version: 1))!.Data!["mount"]);

        Assert.Equal(otherMount, (await client.KeyValueAt(otherMount).ReadAsync(path))!.Data!["mount"]);
        Assert.Equal(otherMount, (await client.KeyValueAt(otherMount).ReadAsync(path, version: 1))!.Data!["mount"]);
    }

    [Fact]
    public async Task AfterAWriteTheSameClientReadsThatVersionOrNewerEvenWhileOthersReadConcurrently()
    {
        using var client = vault.Server.CreateRootClient(o => o.LatestReadCacheDuration = TimeSpan.FromMinutes(5));
        var path = DevVaultFixture.Unique("own-stress");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "0" });
        using var stop = new CancellationTokenSource();

        // Readers keep refilling "latest" from answers that may predate each write.
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await client.KeyValue.ReadAsync(path);
            }
        })).ToArray();
        var stale = new List<string>();
        try
        {
            for (var i = 1; i <= 100; i++)
            {
                var written = await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                var read = await client.KeyValue.ReadAsync(path);
                if (read!.Metadata.Version < written.Version)
                {
                    stale.Add($"wrote version {written.Version}, then read {read.Metadata.Version}");
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(readers);
        }

        Assert.Empty(stale);
    }

    [Fact]
    public async Task AReadAnsweredBeforeAWriteIsNotServedAfterItEvenWhenTheNextWriteFails()
    {
        var held = new HeldResponseHandler();
        using var client = ClientThrough(held);
        var path = DevVaultFixture.Unique("own-then-refused");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });

        // A read of latest that Vault answers with version 1, but whose answer reaches the cache only at the end.
        var lateRead = await StartLateReadOfLatestAsync(client, held, path);
        var written = await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "2" });
        await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "refused" }, checkAndSet: 0));
        held.Release();
        Assert.Equal(1, (await lateRead)!.Metadata.Version);

        Assert.Equal(written.Version, (await client.KeyValue.ReadAsync(path))!.Metadata.Version);
    }

    [Fact]
    public async Task AReadAnsweredBeforeTheClientsOwnDeleteIsNotServedAfterIt()
    {
        var held = new HeldResponseHandler();
        using var client = ClientThrough(held);
        var path = DevVaultFixture.Unique("own-delete");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });

        var lateRead = await StartLateReadOfLatestAsync(client, held, path);
        await client.KeyValue.DeleteLatestAsync(path);
        held.Release();
        Assert.False((await lateRead)!.IsDeleted);

        Assert.True((await client.KeyValue.ReadAsync(path))!.IsDeleted);
    }

    [Fact]
    public async Task VersionedReadsAreCachedAndCallersCannotMutateTheCache()
    {
        using var client = vault.Server.CreateRootClient();
        var path = DevVaultFixture.Unique("versioned");
        await client.KeyValue.WriteAsync(path, new Dictionary<string, string> { ["v"] = "1" });
        var hits = CountCacheHits(client, out var listener);
        using (listener)
        {
            var first = await client.KeyValue.ReadAsync(path, version: 1);
            first!.Data!["v"] = "tampered";
            var second = await client.KeyValue.ReadAsync(path, version: 1);

            Assert.Equal("1", second!.Data!["v"]);
            Assert.Equal(1, hits());
        }
    }

    [Fact]
    public async Task AnExpiredEntryIsNeverServedWhenVaultCannotBeReached()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await TestVault.StartAsync();
        using var client = server.CreateClient(new VaultClientOptions { AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(server.RootToken), LatestReadCacheDuration = TimeSpan.FromSeconds(5) }, time);
        await client.KeyValue.WriteAsync("app/config", new Dictionary<string, string> { ["v"] = "1" });
        await client.KeyValue.ReadAsync("app/config");

        await server.DisposeAsync();
        Assert.Equal("1", (await client.KeyValue.ReadAsync("app/config"))!.Data!["v"]);
        time.Advance(TimeSpan.FromSeconds(5));
        var unavailable = await Assert.ThrowsAsync<VaultApiException>(() => client.KeyValue.ReadAsync("app/config"));

        Assert.True(unavailable.IsTransient);
        Assert.Null(unavailable.StatusCode);
    }

    /// <summary>A client with a long latest bound, whose requests go through <paramref name="held"/>.</summary>
    private VaultClient ClientThrough(HeldResponseHandler held) => new(
        new HttpClient(held),
        new VaultClientOptions { Address = vault.Server.Address, AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(vault.Server.RootToken), LatestReadCacheDuration = TimeSpan.FromMinutes(5) });

    /// <summary>Starts a read of latest that Vault answers at once, but whose answer reaches the cache only when released.</summary>
    private static async Task<Task<KvSecret<Dictionary<string, string>>?>> StartLateReadOfLatestAsync(VaultClient client, HeldResponseHandler held, string path)
    {
        held.HoldNext(request => request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/data/" + path, StringComparison.Ordinal));
        var lateRead = client.KeyValue.ReadAsync(path);
        await held.Arrived.WaitAsync(Poll.DefaultTimeout);
        return lateRead;
    }

    private static Func<long> CountCacheHits(VaultClient client, out MeterListener listener)
    {
        long hits = 0;
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, client.Telemetry.Meter) && instrument.Name == "vault.kv.cache.hits")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref hits, value));
        listener.Start();
        return () => Interlocked.Read(ref hits);
    }
}
