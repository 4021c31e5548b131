namespace DevVault.Tests.Server;

/// <summary>A fresh server-mode DevVault on memory for each test: uninitialised and sealed, where every operator starts.</summary>
public abstract class InMemoryServerTests : IAsyncLifetime
{
    protected ServerModeVault Vault { get; private set; } = null!;

    public async Task InitializeAsync() => Vault = await ServerModeVault.StartAsync("storage \"inmem\" {}\n" + ServerModeVault.PlainListener);

    public async Task DisposeAsync() => await Vault.DisposeAsync();
}
