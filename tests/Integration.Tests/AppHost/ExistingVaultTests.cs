using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using VaultDemo.Hosting.Vault;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.AppHost;

/// <summary>
/// The AppHost pointed at a Vault it does not run (<c>ConnectionStrings:vault</c> and the <c>vault-root-token</c>
/// parameter): it starts no Vault of its own, and the whole system sets up and runs on the one it was given.
/// </summary>
public sealed class ExistingVaultTests
{
    [Fact]
    public async Task TheSystemRunsOnTheExistingVaultItWasGivenAndStartsNone()
    {
        await using var existing = await DevVaultProcess.StartAsync(CancellationToken.None);
        await using var topology = await Topology.StartAsync(
            parameters: new Dictionary<string, string> { ["vault-root-token"] = existing.RootToken },
            configuration: new Dictionary<string, string> { ["ConnectionStrings:vault"] = existing.Address.ToString() });
        // Bounded from here: the start above has its own, longer bound (minutes on a loaded machine).
        var cancellationToken = TestTimeout.Token();

        var vault = topology.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == Topology.Vault);
        Assert.IsType<ExistingVaultResource>(vault);
        Assert.Equal(existing.Address, topology.VaultAddress);

        using var writer = WriterApi.For(topology);
        var path = $"integration/existing-vault/{Guid.NewGuid():N}";
        var value = topology.Secret($"existing-{Guid.NewGuid():N}");
        var written = await writer.PutSecretAsync(path, new Dictionary<string, string> { ["k"] = value }, cancellationToken: cancellationToken);
        Assert.True(written.Status == HttpStatusCode.OK, $"write: {written}");
        await Eventually.MatchesAsync(
            () => AppDatabase.ReadVersionsAsync(topology, [path], cancellationToken),
            versions => versions.SetEquals([$"{path}@1"]),
            $"the reader to record {path}@1");

        // Read back from the existing server with its own token: the write went there, not to some other Vault.
        using var http = new HttpClient { BaseAddress = existing.Address };
        http.DefaultRequestHeaders.Add("X-Vault-Token", existing.RootToken);
        var stored = await http.GetStringAsync($"/v1/secret/data/apps/{path}", cancellationToken);
        Assert.True(stored.Contains(value, StringComparison.Ordinal), $"the existing Vault does not hold the value written to {path}");
    }

    [Fact]
    public async Task AConnectionStringThatIsNoAddressStopsTheAppHostWithTheReason()
    {
        var cancellationToken = TestTimeout.Token();
        var thrown = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(["--ConnectionStrings:vault=vault.example.com:8200"], cancellationToken));

        // However the testing builder wraps what Program.cs threw, the reason is in there, naming the setting and value.
        var reason = ExceptionCauses.Of(thrown).OfType<DistributedApplicationException>().FirstOrDefault();
        Assert.True(reason is not null, $"no DistributedApplicationException in: {thrown}");
        Assert.Contains("'vault'", reason.Message, StringComparison.Ordinal);
        Assert.Contains("vault.example.com:8200", reason.Message, StringComparison.Ordinal);
    }
}
