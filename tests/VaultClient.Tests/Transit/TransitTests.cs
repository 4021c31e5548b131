using System.Text;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.Transit;

public sealed class TransitTests(DevVaultFixture vault) : IClassFixture<DevVaultFixture>
{
    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("card 4111 1111 1111 1111");

    [Fact]
    public async Task EncryptedDataDecryptsOnlyWithItsKey()
    {
        var (transit, key) = await NewKeyAsync();

        var ciphertext = await transit.EncryptAsync(key, Plaintext);

        Assert.StartsWith("vault:v1:", ciphertext, StringComparison.Ordinal);
        Assert.Equal(Plaintext, await transit.DecryptAsync(key, ciphertext));
        var (_, other) = await NewKeyAsync();
        var wrongKey = await Assert.ThrowsAsync<VaultApiException>(() => transit.DecryptAsync(other, ciphertext));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrongKey.StatusCode);
    }

    [Fact]
    public async Task BatchesKeepTheirOrder()
    {
        var (transit, key) = await NewKeyAsync();
        var inputs = Enumerable.Range(0, 5).Select(i => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes("item " + i)).ToArray();

        var ciphertexts = await transit.EncryptBatchAsync(key, inputs);
        var plaintexts = await transit.DecryptBatchAsync(key, ciphertexts);

        Assert.Equal(inputs.Select(i => Encoding.UTF8.GetString(i.Span)), plaintexts.Select(p => Encoding.UTF8.GetString(p)));
    }

    [Fact]
    public async Task RewrapMovesCiphertextToTheLatestKeyVersion()
    {
        var (transit, key) = await NewKeyAsync();
        var old = await transit.EncryptAsync(key, Plaintext);
        await vault.Root.Admin.RotateTransitKeyAsync(key);

        var rewrapped = await transit.RewrapAsync(key, old);
        var batch = await transit.RewrapBatchAsync(key, [old, old]);

        Assert.StartsWith("vault:v2:", rewrapped, StringComparison.Ordinal);
        Assert.All(batch, c => Assert.StartsWith("vault:v2:", c, StringComparison.Ordinal));
        Assert.Equal(Plaintext, await transit.DecryptAsync(key, rewrapped));
    }

    [Fact]
    public async Task HmacVerifiesOnlyTheSameInput()
    {
        var (transit, key) = await NewKeyAsync();

        var hmac = await transit.HmacAsync(key, Plaintext);
        var batch = await transit.HmacBatchAsync(key, [Plaintext, Plaintext]);

        Assert.True(await transit.VerifyHmacAsync(key, Plaintext, hmac));
        Assert.False(await transit.VerifyHmacAsync(key, Encoding.UTF8.GetBytes("something else"), hmac));
        Assert.Equal([hmac, hmac], batch);
    }

    [Fact]
    public async Task DataKeysAndRandomBytes()
    {
        var (transit, key) = await NewKeyAsync();

        var dataKey = await transit.GenerateDataKeyAsync(key);
        var wrappedOnly = await transit.GenerateDataKeyAsync(key, includePlaintext: false);
        var random = await transit.GenerateRandomAsync(32);

        Assert.Equal(32, dataKey.Plaintext!.Length);
        Assert.Equal(dataKey.Plaintext, await transit.DecryptAsync(key, dataKey.Ciphertext));
        Assert.Null(wrappedOnly.Plaintext);
        Assert.Equal(32, random.Length);
        Assert.DoesNotContain(Convert.ToBase64String(dataKey.Plaintext), dataKey.ToString(), StringComparison.Ordinal);
    }

    private async Task<(VaultDemo.VaultClient.Transit.TransitClient Transit, string Key)> NewKeyAsync()
    {
        await vault.Root.Admin.EnableSecretsEngineAsync("transit", "transit");
        var key = DevVaultFixture.Unique("key");
        await vault.Root.Admin.CreateTransitKeyAsync(key);
        return (vault.Root.Transit, key);
    }
}
