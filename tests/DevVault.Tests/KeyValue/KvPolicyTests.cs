using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.KeyValue;

/// <summary>The writer/reader split the whole system relies on, proven by Vault's own 403s.</summary>
public sealed class KvPolicyTests(DevVaultFixture fixture) : IClassFixture<DevVaultFixture>, IAsyncLifetime
{
    private VaultHttp Vault => fixture.Vault;
    private string _writer = "";
    private string _reader = "";
    private string _createOnly = "";

    public async Task InitializeAsync()
    {
        (await Vault.PutAsync("sys/policies/acl/kv-writer", new { policy = "path \"secret/data/apps/*\" { capabilities = [\"create\", \"update\"] }" })).Expect(204);
        (await Vault.PutAsync("sys/policies/acl/kv-reader", new { policy = "path \"secret/data/apps/*\" { capabilities = [\"read\"] }\npath \"secret/metadata/apps/*\" { capabilities = [\"read\", \"list\"] }" })).Expect(204);
        (await Vault.PutAsync("sys/policies/acl/kv-create-only", new { policy = "path \"secret/data/apps/*\" { capabilities = [\"create\"] }" })).Expect(204);
        _writer = await TokenAsync("kv-writer");
        _reader = await TokenAsync("kv-reader");
        _createOnly = await TokenAsync("kv-create-only");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<string> TokenAsync(string policy) =>
        (await Vault.PostAsync("auth/token/create", new { policies = new[] { policy }, ttl = "10m" })).Expect(200).Auth!["client_token"]!.GetValue<string>();

    [Fact]
    public async Task TheWriterCanWriteButCannotRead()
    {
        (await Vault.PostAsync("secret/data/apps/w1", new { data = new { v = "x" } }, _writer)).Expect(200);
        (await Vault.PostAsync("secret/data/apps/w1", new { data = new { v = "y" } }, _writer)).Expect(200);
        (await Vault.GetAsync("secret/data/apps/w1", _writer)).Expect(403);
        (await Vault.ListAsync("secret/metadata/apps", _writer)).Expect(403);
        (await Vault.PostAsync("secret/data/other/w1", new { data = new { v = "x" } }, _writer)).Expect(403);
    }

    [Fact]
    public async Task TheReaderCanReadAndListButCannotWrite()
    {
        (await Vault.PostAsync("secret/data/apps/r1", new { data = new { v = "x" } })).Expect(200);
        Assert.Equal("x", (await Vault.GetAsync("secret/data/apps/r1", _reader)).Expect(200).Data!["data"]!["v"]!.GetValue<string>());
        (await Vault.ListAsync("secret/metadata/apps", _reader)).Expect(200);
        (await Vault.PostAsync("secret/data/apps/r1", new { data = new { v = "y" } }, _reader)).Expect(403);
        (await Vault.DeleteAsync("secret/data/apps/r1", _reader)).Expect(403);
    }

    [Fact]
    public async Task CreateWithoutUpdateCannotAddAVersion()
    {
        var key = "apps/c-" + Guid.NewGuid().ToString("N")[..6];
        (await Vault.PostAsync($"secret/data/{key}", new { data = new { v = "1" } }, _createOnly)).Expect(200);
        (await Vault.PostAsync($"secret/data/{key}", new { data = new { v = "2" } }, _createOnly)).Expect(403);
    }
}
