using System.Text;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.LeastPrivilege;

/// <summary>
/// The writer's AppRole may create secret versions, encrypt, and get its own database user; Vault must refuse it
/// everything else, so a compromised writer can leak nothing it did not itself receive and cannot widen its rights.
/// Each test logs in with a fresh secret id for the role, i.e. holds exactly the writer's policy.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class WriterPolicyTests(SharedTopology shared)
{
    private readonly string _path = $"apps/least-privilege/writer-{Guid.NewGuid():N}";

    [Fact]
    public async Task WriterCanWriteSecretsEncryptAndGetItsOwnDatabaseUser()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;

        var first = await writer.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "v1" }, cancellationToken: cancellationToken);
        var second = await writer.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "v2" }, checkAndSet: first.Version, cancellationToken: cancellationToken);
        var ciphertext = await writer.Transit.EncryptAsync("app-data", Encoding.UTF8.GetBytes("someone@example.com"), cancellationToken: cancellationToken);
        var credentials = await writer.Database.GetCredentialsAsync(Topology.Writer, cancellationToken);
        // Its policy lets it drop a user it has replaced, as the rotating data source does.
        await writer.Leases.RevokeAsync(credentials.Lease.LeaseId, cancellationToken: cancellationToken);

        Assert.Equal(first.Version + 1, second.Version);
        Assert.StartsWith("vault:v", ciphertext);
        Assert.StartsWith("v-", credentials.Username);
    }

    [Fact]
    public async Task WriterCannotReadOrListSecrets()
    {
        var cancellationToken = TestTimeout.Token();
        using var root = shared.Topology.RootClient();
        await root.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "written by root" }, cancellationToken: cancellationToken);
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;

        await VaultAssert.DeniedAsync("read secret/data/apps/...", () => writer.KeyValue.ReadAsync(_path, cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("read version 1", () => writer.KeyValue.ReadAsync(_path, version: 1, cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("read secret/metadata/apps/...", () => writer.KeyValue.ReadMetadataAsync(_path, cancellationToken));
        await VaultAssert.DeniedAsync("list secret/metadata/apps/", () => writer.KeyValue.ListAsync("apps/", cancellationToken));
    }

    [Fact]
    public async Task WriterCannotWriteOutsideTheApplicationSubtree()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;

        await VaultAssert.DeniedAsync("write secret/data/outside", () => writer.KeyValue.WriteAsync($"outside-{Guid.NewGuid():N}", new Dictionary<string, string> { ["k"] = "v" }, cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("delete versions", () => writer.KeyValue.DeleteLatestAsync(_path, cancellationToken));
    }

    [Fact]
    public async Task WriterCannotDecrypt()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;
        var ciphertext = await writer.Transit.EncryptAsync("app-data", Encoding.UTF8.GetBytes("someone@example.com"), cancellationToken: cancellationToken);

        await VaultAssert.DeniedAsync("transit decrypt", () => writer.Transit.DecryptAsync("app-data", ciphertext, cancellationToken: cancellationToken));
    }

    [Fact]
    public async Task WriterCannotGetTheReadersDatabaseUser()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;

        await VaultAssert.DeniedAsync("read database/creds/reader", () => writer.Database.GetCredentialsAsync(Topology.Reader, cancellationToken));

        // Nor end the reader's user: its revoke right is limited to its own role's leases.
        using var root = shared.Topology.RootClient();
        var readers = await root.Database.GetCredentialsAsync(Topology.Reader, cancellationToken);
        await VaultAssert.DeniedAsync("revoke a reader lease", () => writer.Leases.RevokeAsync(readers.Lease.LeaseId, cancellationToken: cancellationToken));
        await root.Leases.RevokeAsync(readers.Lease.LeaseId, cancellationToken: cancellationToken);
    }

    [Fact]
    public async Task WriterCannotTouchSys()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Writer, cancellationToken);
        var writer = login.Client;

        await VaultAssert.DeniedAsync("read sys/mounts", () => writer.Admin.ListSecretsEnginesAsync(cancellationToken));
        await VaultAssert.DeniedAsync("list sys/policies/acl", () => writer.Admin.ListPoliciesAsync(cancellationToken));
        await VaultAssert.DeniedAsync("read sys/policies/acl/writer", () => writer.Admin.ReadPolicyAsync(Topology.Writer, cancellationToken));
        await VaultAssert.DeniedAsync("write sys/policies/acl/writer", () => writer.Admin.WritePolicyAsync(Topology.Writer, "path \"*\" { capabilities = [\"sudo\"] }", cancellationToken));
        await VaultAssert.DeniedAsync("enable a mount", () => writer.Admin.EnableSecretsEngineAsync($"mine-{Guid.NewGuid():N}", "kv-v2", cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("revoke every database lease", login.Http, HttpMethod.Post, "sys/leases/revoke-prefix/database/creds");
    }
}
