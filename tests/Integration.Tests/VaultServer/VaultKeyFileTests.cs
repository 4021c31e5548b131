using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.VaultServer;

/// <summary>
/// What sys/init answered once, the AppHost keeps as files only its own user may read, in a directory closed to
/// others: anyone who reads three key shares can unseal Vault, and the root token is Vault itself.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class VaultKeyFileTests(SharedTopology shared)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Theory]
    [InlineData("vault/unseal-keys")]
    [InlineData("vault/root-token")]
    [InlineData("parameters/postgres-password")]
    public void KeptSecretsAreReadableByTheirOwnerOnly(string file)
    {
        var path = Path.Combine(shared.Topology.StateRoot, file);

        Assert.True(File.Exists(path), $"the AppHost keeps no {file} in its state directory");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("parameters")]
    public void TheirDirectoriesAreClosedToOtherUsers(string directory) =>
        Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(shared.Topology.StateRoot, directory)));

    [Fact]
    public void FiveSharesAreKeptAndTheRootTokenIsTheOneTheBootstrapperGot()
    {
        var directory = Path.Combine(shared.Topology.StateRoot, "vault");

        var shares = File.ReadAllLines(Path.Combine(directory, "unseal-keys")).Where(line => line.Trim().Length > 0).ToList();
        Assert.Equal(5, shares.Count);
        Assert.Equal(5, shares.Distinct(StringComparer.Ordinal).Count());
        // Assert.True, not Assert.Equal: a failure must not print the token.
        Assert.True(File.ReadAllText(Path.Combine(directory, "root-token")).Trim() == shared.Topology.RootToken, "the root-token file is not the token the AppHost handed the bootstrapper");
    }

    [Fact]
    public void VaultsConfigurationFileHoldsNoSecret()
    {
        var configuration = File.ReadAllText(Path.Combine(shared.Topology.StateRoot, "vault", "vault.hcl"));

        Assert.Contains("storage \"postgresql\"", configuration, StringComparison.Ordinal);
        Assert.True(!configuration.Contains(shared.Topology.PostgresPassword, StringComparison.Ordinal), "vault.hcl holds PostgreSQL's password");
        Assert.True(!configuration.Contains(shared.Topology.RootToken, StringComparison.Ordinal), "vault.hcl holds the root token");
    }
}
