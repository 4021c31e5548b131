using System.Security.Cryptography;
using System.Text;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Transit;

public sealed class TransitSigningAndUtilityTests(TransitFixture fixture) : IClassFixture<TransitFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private static string Name() => "s-" + Guid.NewGuid().ToString("N")[..8];

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("asn1")]
    [InlineData("jws")]
    public async Task EcdsaSignaturesVerifyAndMatchThePublishedPublicKey(string marshaling_algorithm)
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { type = "ecdsa-p256" })).Expect(200);
        var signature = (await Vault.PostAsync($"transit/sign/{key}", new { input = B64("invoice 42"), marshaling_algorithm })).Expect(200)
            .Data!["signature"]!.GetValue<string>();
        Assert.StartsWith("vault:v1:", signature);

        Assert.True((await Vault.PostAsync($"transit/verify/{key}", new { input = B64("invoice 42"), signature, marshaling_algorithm })).Expect(200).Data!["valid"]!.GetValue<bool>());
        Assert.False((await Vault.PostAsync($"transit/verify/{key}", new { input = B64("invoice 43"), signature, marshaling_algorithm })).Expect(200).Data!["valid"]!.GetValue<bool>());

        // An outside party verifies with nothing but the public key from the key info.
        var pem = (await Vault.GetAsync($"transit/keys/{key}")).Expect(200).Data!["keys"]!["1"]!["public_key"]!.GetValue<string>();
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(pem);
        var raw = signature["vault:v1:".Length..];
        var bytes = marshaling_algorithm == "jws"
            ? Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/').PadRight(raw.Length + ((4 - (raw.Length % 4)) % 4), '='))
            : Convert.FromBase64String(raw);
        var format = marshaling_algorithm == "jws" ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation : DSASignatureFormat.Rfc3279DerSequence;
        Assert.True(publicKey.VerifyData(Encoding.UTF8.GetBytes("invoice 42"), bytes, HashAlgorithmName.SHA256, format));
    }

    [Fact]
    public async Task SymmetricKeysDoNotSign()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { })).Expect(200);
        Assert.Equal("key type aes256-gcm96 does not support signing", (await Vault.PostAsync($"transit/sign/{key}", new { input = B64("x") })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task HmacsVerifyAndFollowTheAlgorithm()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { type = "hmac", exportable = true })).Expect(200);
        var hmac = (await Vault.PostAsync($"transit/hmac/{key}/sha2-512", new { input = B64("payload") })).Expect(200).Data!["hmac"]!.GetValue<string>();

        var exported = (await Vault.GetAsync($"transit/export/hmac-key/{key}")).Expect(200).Data!["keys"]!["1"]!.GetValue<string>();
        var expected = HMACSHA512.HashData(Convert.FromBase64String(exported), Encoding.UTF8.GetBytes("payload"));
        Assert.Equal("vault:v1:" + Convert.ToBase64String(expected), hmac);

        Assert.True((await Vault.PostAsync($"transit/verify/{key}/sha2-512", new { input = B64("payload"), hmac })).Expect(200).Data!["valid"]!.GetValue<bool>());
        Assert.False((await Vault.PostAsync($"transit/verify/{key}/sha2-256", new { input = B64("payload"), hmac })).Expect(200).Data!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task RandomAndHashFollowTheirParameters()
    {
        var random = (await Vault.PostAsync("transit/random/16", new { format = "hex" })).Expect(200).Data!["random_bytes"]!.GetValue<string>();
        Assert.Equal(32, random.Length);
        Assert.Equal(64, Convert.FromBase64String((await Vault.PostAsync("transit/random", new { bytes = 64 })).Expect(200).Data!["random_bytes"]!.GetValue<string>()).Length);

        var sum = (await Vault.PostAsync("transit/hash/sha2-256", new { input = B64("abc") })).Expect(200).Data!["sum"]!.GetValue<string>();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("abc"))), sum);
        (await Vault.PostAsync("transit/hash/md5", new { input = B64("abc") })).Expect(400);
    }

    [Fact]
    public async Task EncryptCreatesTheKeyOnlyForCallersWithCreate()
    {
        (await Vault.PutAsync("sys/policies/acl/transit-update", new { policy = "path \"transit/encrypt/*\" { capabilities = [\"update\"] }" })).Expect(204);
        (await Vault.PutAsync("sys/policies/acl/transit-create", new { policy = "path \"transit/encrypt/*\" { capabilities = [\"create\", \"update\"] }" })).Expect(204);
        var updater = await TokenAsync("transit-update");
        var creator = await TokenAsync("transit-create");

        var key = Name();
        var denied = await Vault.PostAsync($"transit/encrypt/{key}", new { plaintext = B64("x") }, updater);
        Assert.True(denied.Status is 400 or 403, denied.Body);
        (await Vault.GetAsync($"transit/keys/{key}")).Expect(404);

        (await Vault.PostAsync($"transit/encrypt/{key}", new { plaintext = B64("x") }, creator)).Expect(200);
        (await Vault.GetAsync($"transit/keys/{key}")).Expect(200);
        (await Vault.PostAsync($"transit/encrypt/{key}", new { plaintext = B64("y") }, updater)).Expect(200);
    }

    private async Task<string> TokenAsync(string policy) =>
        (await Vault.PostAsync("auth/token/create", new { policies = new[] { policy }, ttl = "10m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();
}
