using System.Text;
using DevVault.Tests.Infrastructure;
using DevVault.Transit;

namespace DevVault.Tests.Transit;

/// <summary>DevVault's own Ed25519 against RFC 8032's test vectors (section 7.1), then as a transit key type over HTTP.</summary>
public sealed class Ed25519Tests(TransitFixture fixture) : IClassFixture<TransitFixture>
{
    private VaultHttp Vault => fixture.Vault;

    [Theory]
    [InlineData(
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData(
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData(
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void MatchesTheRfc8032TestVectors(string secretKey, string publicKey, string message, string signature)
    {
        var signer = Ed25519.FromSeed(Convert.FromHexString(secretKey));
        Assert.Equal(publicKey, Convert.ToHexStringLower(signer.PublicKey));
        var messageBytes = Convert.FromHexString(message);
        Assert.Equal(signature, Convert.ToHexStringLower(signer.Sign(messageBytes)));
        Assert.True(Ed25519.Verify(Convert.FromHexString(publicKey), messageBytes, Convert.FromHexString(signature)));
    }

    [Fact]
    public void RejectsAlteredMessagesSignaturesAndKeys()
    {
        var signer = Ed25519.FromSeed(Convert.FromHexString("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"));
        var message = "transfer 10"u8.ToArray();
        var signature = signer.Sign(message);
        Assert.False(Ed25519.Verify(signer.PublicKey, "transfer 99"u8, signature));

        var flipped = (byte[])signature.Clone();
        flipped[40] ^= 1;
        Assert.False(Ed25519.Verify(signer.PublicKey, message, flipped));

        // S must be below the group order L: S + L satisfies the group equation but is a malleated signature.
        var order = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
        var malleatedS = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true) + order;
        var malleated = (byte[])signature.Clone();
        Assert.True(malleatedS.TryWriteBytes(malleated.AsSpan(32), out _, isUnsigned: true));
        Assert.False(Ed25519.Verify(signer.PublicKey, message, malleated));

        var other = Ed25519.FromSeed(new byte[32]);
        Assert.False(Ed25519.Verify(other.PublicKey, message, signature));
        Assert.False(Ed25519.Verify(signer.PublicKey, message, signature[..63]));
        Assert.False(Ed25519.Verify(Enumerable.Repeat((byte)0xff, 32).ToArray(), message, signature));
    }

    [Theory]
    [InlineData("asn1")]
    [InlineData("jws")]
    public async Task TransitEd25519KeysSignAndVerifyWithThePublishedPublicKey(string marshaling_algorithm)
    {
        var key = "ed-" + Guid.NewGuid().ToString("N")[..8];
        var input = Convert.ToBase64String(Encoding.UTF8.GetBytes("release 1.2.3"));
        var info = (await Vault.PostAsync($"transit/keys/{key}", new { type = "ed25519" })).Expect(200).Data!;
        Assert.True(info["supports_signing"]!.GetValue<bool>());
        Assert.False(info["supports_encryption"]!.GetValue<bool>());
        var version = info["keys"]!["1"]!;
        Assert.Equal("ed25519", version["name"]!.GetValue<string>());
        var publicKey = Convert.FromBase64String(version["public_key"]!.GetValue<string>());
        Assert.Equal(32, publicKey.Length);

        var signature = (await Vault.PostAsync($"transit/sign/{key}", new { input, marshaling_algorithm })).Expect(200).Data!["signature"]!.GetValue<string>();
        Assert.StartsWith("vault:v1:", signature);
        Assert.True((await Vault.PostAsync($"transit/verify/{key}", new { input, signature, marshaling_algorithm })).Expect(200).Data!["valid"]!.GetValue<bool>());
        var otherInput = Convert.ToBase64String(Encoding.UTF8.GetBytes("release 6.6.6"));
        Assert.False((await Vault.PostAsync($"transit/verify/{key}", new { input = otherInput, signature, marshaling_algorithm })).Expect(200).Data!["valid"]!.GetValue<bool>());

        // Anyone holding only the published public key can check the signature.
        var raw = signature["vault:v1:".Length..];
        var bytes = marshaling_algorithm == "jws"
            ? Convert.FromBase64String(raw.Replace('-', '+').Replace('_', '/').PadRight(raw.Length + ((4 - (raw.Length % 4)) % 4), '='))
            : Convert.FromBase64String(raw);
        Assert.True(Ed25519.Verify(publicKey, Encoding.UTF8.GetBytes("release 1.2.3"), bytes));

        (await Vault.PostAsync($"transit/encrypt/{key}", new { plaintext = input })).Expect(400);
        (await Vault.PostAsync($"transit/sign/{key}", new { input, prehashed = true })).Expect(400);
    }

    [Fact]
    public async Task RotatedEd25519KeysKeepVerifyingOldSignaturesAndExportOnlyWhenExportable()
    {
        var key = "ed-" + Guid.NewGuid().ToString("N")[..8];
        var input = Convert.ToBase64String("v1 payload"u8.ToArray());
        (await Vault.PostAsync($"transit/keys/{key}", new { type = "ed25519" })).Expect(200);
        var first = (await Vault.PostAsync($"transit/sign/{key}", new { input })).Expect(200).Data!["signature"]!.GetValue<string>();
        (await Vault.PostAsync($"transit/keys/{key}/rotate")).Expect(200);
        var second = (await Vault.PostAsync($"transit/sign/{key}", new { input })).Expect(200).Data!["signature"]!.GetValue<string>();
        Assert.StartsWith("vault:v2:", second);
        Assert.True((await Vault.PostAsync($"transit/verify/{key}", new { input, signature = first })).Expect(200).Data!["valid"]!.GetValue<bool>());
        Assert.True((await Vault.PostAsync($"transit/verify/{key}", new { input, signature = second })).Expect(200).Data!["valid"]!.GetValue<bool>());

        (await Vault.GetAsync($"transit/export/signing-key/{key}")).Expect(400);
        var exportable = "ed-" + Guid.NewGuid().ToString("N")[..8];
        var published = (await Vault.PostAsync($"transit/keys/{exportable}", new { type = "ed25519", exportable = true })).Expect(200).Data!["keys"]!["1"]!["public_key"]!.GetValue<string>();
        var exported = Convert.FromBase64String((await Vault.GetAsync($"transit/export/signing-key/{exportable}/1")).Expect(200).Data!["keys"]!["1"]!.GetValue<string>());
        Assert.Equal(64, exported.Length);
        Assert.Equal(Convert.FromBase64String(published), Ed25519.FromSeed(exported[..32]).PublicKey);
    }
}
