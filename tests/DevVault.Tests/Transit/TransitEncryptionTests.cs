using System.Text;
using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Transit;

public sealed class TransitEncryptionTests(TransitFixture fixture) : IClassFixture<TransitFixture>
{
    private VaultHttp Vault => fixture.Vault;

    private static string Name() => "k-" + Guid.NewGuid().ToString("N")[..8];

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task<string> EncryptAsync(string key, string plaintext, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["plaintext"] = B64(plaintext) };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            body[property.Name] = property.GetValue(extra);
        }

        return (await Vault.PostAsync($"transit/encrypt/{key}", body)).Expect(200).Data!["ciphertext"]!.GetValue<string>();
    }

    private async Task<string> DecryptAsync(string key, string ciphertext, string? context = null)
    {
        var reply = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext, context })).Expect(200);
        return Encoding.UTF8.GetString(Convert.FromBase64String(reply.Data!["plaintext"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("aes128-gcm96")]
    [InlineData("aes256-gcm96")]
    [InlineData("chacha20-poly1305")]
    public async Task EachEncryptionTypeRoundTripsWithAFreshNonce(string type)
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { type })).Expect(200);

        var first = await EncryptAsync(key, "card 4111");
        var second = await EncryptAsync(key, "card 4111");

        Assert.StartsWith("vault:v1:", first);
        Assert.NotEqual(first, second);
        Assert.Equal("card 4111", await DecryptAsync(key, first));
        // nonce(12) || ciphertext(9) || tag(16)
        Assert.Equal(12 + 9 + 16, Convert.FromBase64String(first["vault:v1:".Length..]).Length);
    }

    [Fact]
    public async Task KeyInfoDescribesTheKeyWithoutMaterial()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { })).Expect(200);
        var info = (await Vault.GetAsync($"transit/keys/{key}")).Expect(200);

        Assert.Equal("aes256-gcm96", info.Data!["type"]!.GetValue<string>());
        Assert.Equal(1, info.Data["latest_version"]!.GetValue<int>());
        Assert.True(info.Data["supports_encryption"]!.GetValue<bool>());
        Assert.NotNull(info.Data["keys"]!["1"]);
        Assert.DoesNotContain("\"key\"", info.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(key, (await Vault.ListAsync("transit/keys")).Expect(200).Data!["keys"]!.AsArray().Select(n => n!.GetValue<string>()));
        (await Vault.GetAsync($"transit/keys/{Name()}")).Expect(404);
    }

    [Fact]
    public async Task UnknownTypeAndConvergentWithoutDerivationAreRejected()
    {
        Assert.Equal("unknown key type rsa-1", (await Vault.PostAsync($"transit/keys/{Name()}", new { type = "rsa-1" })).Expect(400).Errors[0]);
        Assert.Equal(
            "convergent encryption requires derivation to be enabled",
            (await Vault.PostAsync($"transit/keys/{Name()}", new { convergent_encryption = true })).Expect(400).Errors[0]);
        Assert.Equal(
            "auto rotate period must be 0 to disable or at least an hour",
            (await Vault.PostAsync($"transit/keys/{Name()}", new { auto_rotate_period = "10m" })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task RotationKeepsOldCiphertextsReadableUntilMinDecryptionVersionMovesPastThem()
    {
        var key = Name();
        var v1 = await EncryptAsync(key, "old");
        (await Vault.PostAsync($"transit/keys/{key}/rotate")).Expect(200);
        var v2 = await EncryptAsync(key, "new");
        Assert.StartsWith("vault:v2:", v2);
        Assert.Equal("old", await DecryptAsync(key, v1));

        var rewrapped = (await Vault.PostAsync($"transit/rewrap/{key}", new { ciphertext = v1 })).Expect(200).Data!;
        Assert.Equal(2, rewrapped["key_version"]!.GetValue<int>());
        Assert.Equal("old", await DecryptAsync(key, rewrapped["ciphertext"]!.GetValue<string>()));

        (await Vault.PostAsync($"transit/keys/{key}/config", new { min_decryption_version = 2 })).Expect(200);
        var tooOld = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext = v1 })).Expect(400);
        Assert.Equal("ciphertext or signature version is disallowed by policy (too old)", tooOld.Errors[0]);
        Assert.Equal("new", await DecryptAsync(key, v2));
    }

    [Theory]
    [InlineData("nope", "invalid ciphertext: no prefix")]
    [InlineData("vault:v1", "invalid ciphertext: wrong number of fields")]
    [InlineData("vault:vx:AAAA", "invalid ciphertext: version number could not be decoded")]
    [InlineData("vault:v9:AAAA", "invalid ciphertext: version is too new")]
    [InlineData("vault:v1:***", "invalid ciphertext: could not decode base64")]
    public async Task BadCiphertextsGetVaultsErrors(string ciphertext, string error)
    {
        var key = Name();
        await EncryptAsync(key, "x");
        Assert.Equal(error, (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task ATamperedCiphertextFailsAuthentication()
    {
        var key = Name();
        var ciphertext = await EncryptAsync(key, "integrity");
        var blob = Convert.FromBase64String(ciphertext["vault:v1:".Length..]);
        blob[14] ^= 0x01;
        var reply = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext = "vault:v1:" + Convert.ToBase64String(blob) })).Expect(400);
        Assert.Equal("cipher: message authentication failed", reply.Errors[0]);
    }

    [Fact]
    public async Task DerivedKeysNeedAContextAndDifferentContextsDoNotDecryptEachOther()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { derived = true })).Expect(200);
        Assert.StartsWith("missing 'context'", (await Vault.PostAsync($"transit/encrypt/{key}", new { plaintext = B64("x") })).Expect(400).Errors[0]);

        var ciphertext = await EncryptAsync(key, "tenant data", new { context = B64("tenant-a") });
        Assert.Equal("tenant data", await DecryptAsync(key, ciphertext, B64("tenant-a")));
        var wrongTenant = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext, context = B64("tenant-b") })).Expect(400);
        Assert.Equal("cipher: message authentication failed", wrongTenant.Errors[0]);
    }

    [Fact]
    public async Task ConvergentEncryptionIsDeterministicPerContext()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { derived = true, convergent_encryption = true })).Expect(200);
        var a = await EncryptAsync(key, "same", new { context = B64("ctx") });
        var b = await EncryptAsync(key, "same", new { context = B64("ctx") });
        var c = await EncryptAsync(key, "same", new { context = B64("other") });
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal("same", await DecryptAsync(key, a, B64("ctx")));
    }

    [Fact]
    public async Task AssociatedDataIsBoundToTheCiphertext()
    {
        var key = Name();
        var ciphertext = await EncryptAsync(key, "bound", new { associated_data = B64("row-7") });
        (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext, associated_data = B64("row-8") })).Expect(400);
        var ok = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext, associated_data = B64("row-7") })).Expect(200);
        Assert.Equal(B64("bound"), ok.Data!["plaintext"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchesReportPerItemErrorsWithReferences()
    {
        var key = Name();
        await EncryptAsync(key, "warm");
        var encrypted = (await Vault.PostAsync($"transit/encrypt/{key}", new
        {
            batch_input = new object[] { new { plaintext = B64("one"), reference = "r1" }, new { plaintext = B64("two"), reference = "r2" } },
        })).Expect(200).Data!["batch_results"]!.AsArray();
        Assert.Equal("r2", encrypted[1]!["reference"]!.GetValue<string>());

        var decrypted = (await Vault.PostAsync($"transit/decrypt/{key}", new
        {
            batch_input = new object[] { new { ciphertext = encrypted[0]!["ciphertext"]!.GetValue<string>(), reference = "a" }, new { ciphertext = "garbage", reference = "b" } },
        })).Expect(400).Data!["batch_results"]!.AsArray();
        Assert.Equal(B64("one"), decrypted[0]!["plaintext"]!.GetValue<string>());
        Assert.Equal("invalid ciphertext: no prefix", decrypted[1]!["error"]!.GetValue<string>());
        Assert.Equal("b", decrypted[1]!["reference"]!.GetValue<string>());
    }

    [Fact]
    public async Task MissingPlaintextAndMissingKeyAreClearErrors()
    {
        var key = Name();
        await EncryptAsync(key, "x");
        Assert.Equal("missing plaintext to encrypt", (await Vault.PostAsync($"transit/encrypt/{key}", new { })).Expect(400).Errors[0]);
        Assert.Equal("encryption key not found", (await Vault.PostAsync($"transit/decrypt/{Name()}", new { ciphertext = "vault:v1:AAAA" })).Expect(400).Errors[0]);
    }

    [Fact]
    public async Task DeletionNeedsDeletionAllowed()
    {
        var key = Name();
        (await Vault.PostAsync($"transit/keys/{key}", new { })).Expect(200);
        Assert.Equal(
            $"error deleting policy {key}: deletion is not allowed for this key",
            (await Vault.DeleteAsync($"transit/keys/{key}")).Expect(400).Errors[0]);
        (await Vault.PostAsync($"transit/keys/{key}/config", new { deletion_allowed = true })).Expect(200);
        (await Vault.DeleteAsync($"transit/keys/{key}")).Expect(204);
        (await Vault.GetAsync($"transit/keys/{key}")).Expect(404);
    }

    [Fact]
    public async Task DataKeysComeWrappedAndOptionallyInPlaintext()
    {
        var key = Name();
        await EncryptAsync(key, "x");
        var plain = (await Vault.PostAsync($"transit/datakey/plaintext/{key}", new { bits = 128 })).Expect(200).Data!;
        var wrapped = (await Vault.PostAsync($"transit/datakey/wrapped/{key}", new { })).Expect(200).Data!;
        Assert.Null(wrapped["plaintext"]);

        var unwrapped = (await Vault.PostAsync($"transit/decrypt/{key}", new { ciphertext = plain["ciphertext"]!.GetValue<string>() })).Expect(200);
        Assert.Equal(plain["plaintext"]!.GetValue<string>(), unwrapped.Data!["plaintext"]!.GetValue<string>());
        Assert.Equal(16, Convert.FromBase64String(plain["plaintext"]!.GetValue<string>()).Length);
    }

    [Fact]
    public async Task ExportNeedsAnExportableKey()
    {
        var locked = Name();
        (await Vault.PostAsync($"transit/keys/{locked}", new { })).Expect(200);
        Assert.Equal("private key material is not exportable", (await Vault.GetAsync($"transit/export/encryption-key/{locked}")).Expect(400).Errors[0]);

        var open = Name();
        (await Vault.PostAsync($"transit/keys/{open}", new { exportable = true })).Expect(200);
        var exported = (await Vault.GetAsync($"transit/export/encryption-key/{open}")).Expect(200);
        Assert.Equal(32, Convert.FromBase64String(exported.Data!["keys"]!["1"]!.GetValue<string>()).Length);
    }
}
