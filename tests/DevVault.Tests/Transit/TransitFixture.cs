using DevVault.Tests.Infrastructure;

namespace DevVault.Tests.Transit;

/// <summary>An in-process DevVault with transit mounted at <c>transit/</c>.</summary>
public sealed class TransitFixture : IAsyncLifetime
{
    private readonly DevVaultFixture _server = new();

    public VaultHttp Vault => _server.Vault;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        (await Vault.PostAsync("sys/mounts/transit", new { type = "transit" })).Expect(204);
    }

    public Task DisposeAsync() => _server.DisposeAsync();
}
