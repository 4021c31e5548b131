using System.Text;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.LeastPrivilege;

/// <summary>
/// The reader's AppRole may read and list the application's secrets, decrypt, and get its own database user; Vault
/// must refuse it any write, encryption, the writer's database user and sys/, so a compromised reader can neither
/// forge secrets nor ciphertexts nor widen its rights. Each test holds exactly the reader's policy.
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class ReaderPolicyTests(SharedTopology shared)
{
    private readonly string _path = $"apps/least-privilege/reader-{Guid.NewGuid():N}";

    [Fact]
    public async Task ReaderCanReadExactVersionsListDecryptAndGetItsOwnDatabaseUser()
    {
        var cancellationToken = TestTimeout.Token();
        using var root = shared.Topology.RootClient();
        await root.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "first" }, cancellationToken: cancellationToken);
        await root.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "second" }, cancellationToken: cancellationToken);
        var ciphertext = await root.Transit.EncryptAsync("app-data", Encoding.UTF8.GetBytes("someone@example.com"), cancellationToken: cancellationToken);
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Reader, cancellationToken);
        var reader = login.Client;

        var first = await reader.KeyValue.ReadAsync(_path, version: 1, cancellationToken: cancellationToken);
        var metadata = await reader.KeyValue.ReadMetadataAsync(_path, cancellationToken);
        var listed = await reader.KeyValue.ListAsync("apps/least-privilege/", cancellationToken);
        var plaintext = await reader.Transit.DecryptAsync("app-data", ciphertext, cancellationToken: cancellationToken);
        var credentials = await reader.Database.GetCredentialsAsync(Topology.Reader, cancellationToken);
        await reader.Leases.RevokeAsync(credentials.Lease.LeaseId, cancellationToken: cancellationToken);

        Assert.Equal("first", first?.Data?["k"]);
        Assert.Equal(2, metadata?.CurrentVersion);
        Assert.Contains(_path["apps/least-privilege/".Length..], listed);
        Assert.Equal("someone@example.com", Encoding.UTF8.GetString(plaintext));
        Assert.StartsWith("v-", credentials.Username);
    }

    [Fact]
    public async Task ReaderCannotWriteOrDeleteSecrets()
    {
        var cancellationToken = TestTimeout.Token();
        using var root = shared.Topology.RootClient();
        await root.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "written by root" }, cancellationToken: cancellationToken);
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Reader, cancellationToken);
        var reader = login.Client;

        await VaultAssert.DeniedAsync("create secret/data/apps/...", () => reader.KeyValue.WriteAsync($"{_path}-new", new Dictionary<string, string> { ["k"] = "v" }, cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("update secret/data/apps/...", () => reader.KeyValue.WriteAsync(_path, new Dictionary<string, string> { ["k"] = "v" }, cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("delete the latest version", () => reader.KeyValue.DeleteLatestAsync(_path, cancellationToken));
        await VaultAssert.DeniedAsync("destroy versions", () => reader.KeyValue.DestroyVersionsAsync(_path, [1], cancellationToken));
        Assert.Equal(1, (await root.KeyValue.ReadMetadataAsync(_path, cancellationToken))?.CurrentVersion);
    }

    [Fact]
    public async Task ReaderCannotEncrypt()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Reader, cancellationToken);

        await VaultAssert.DeniedAsync("transit encrypt", () => login.Client.Transit.EncryptAsync("app-data", Encoding.UTF8.GetBytes("forged@example.com"), cancellationToken: cancellationToken));
    }

    [Fact]
    public async Task ReaderCannotGetTheWritersDatabaseUser()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Reader, cancellationToken);
        var reader = login.Client;

        await VaultAssert.DeniedAsync("read database/creds/writer", () => reader.Database.GetCredentialsAsync(Topology.Writer, cancellationToken));

        using var root = shared.Topology.RootClient();
        var writers = await root.Database.GetCredentialsAsync(Topology.Writer, cancellationToken);
        await VaultAssert.DeniedAsync("revoke a writer lease", () => reader.Leases.RevokeAsync(writers.Lease.LeaseId, cancellationToken: cancellationToken));
        await root.Leases.RevokeAsync(writers.Lease.LeaseId, cancellationToken: cancellationToken);
    }

    [Fact]
    public async Task ReaderCannotTouchSys()
    {
        var cancellationToken = TestTimeout.Token();
        using var login = await shared.Topology.LoginAsAppRoleAsync(Topology.Reader, cancellationToken);
        var reader = login.Client;

        await VaultAssert.DeniedAsync("read sys/mounts", () => reader.Admin.ListSecretsEnginesAsync(cancellationToken));
        await VaultAssert.DeniedAsync("list sys/policies/acl", () => reader.Admin.ListPoliciesAsync(cancellationToken));
        await VaultAssert.DeniedAsync("read sys/policies/acl/reader", () => reader.Admin.ReadPolicyAsync(Topology.Reader, cancellationToken));
        await VaultAssert.DeniedAsync("write sys/policies/acl/reader", () => reader.Admin.WritePolicyAsync(Topology.Reader, "path \"*\" { capabilities = [\"sudo\"] }", cancellationToken));
        await VaultAssert.DeniedAsync("enable a mount", () => reader.Admin.EnableSecretsEngineAsync($"mine-{Guid.NewGuid():N}", "kv-v2", cancellationToken: cancellationToken));
        await VaultAssert.DeniedAsync("revoke every database lease", login.Http, HttpMethod.Post, "sys/leases/revoke-prefix/database/creds");
    }
}
