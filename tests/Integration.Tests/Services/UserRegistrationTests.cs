using System.Net;
using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Services;

/// <summary>
/// The registered-users example end to end: the email is stored only as a transit ciphertext the writer could make
/// but never read, the api secret only in Vault, and the reader proves it decrypted the email by addressing a
/// welcome message to it (kept masked).
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class UserRegistrationTests(SharedTopology shared)
{
    [Fact]
    public async Task TheEmailIsStoredEncryptedAndTheReaderDecryptsIt()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var id = $"user-{Guid.NewGuid():N}";
        var email = topology.Secret($"alice.{Guid.NewGuid():N}@example.com");
        var apiSecret = topology.Secret($"api-{Guid.NewGuid():N}");

        var registered = await writer.RegisterUserAsync(id, "Alice", email, apiSecret, cancellationToken);

        Assert.True(registered.Status == HttpStatusCode.Created, $"registration: {registered}");
        Assert.Equal(id, registered.Body?["id"]?.GetValue<string>());
        Assert.Equal("Alice", registered.Body?["name"]?.GetValue<string>());
        Assert.Equal($"registered-users/{id}", registered.Body?["secretPath"]?.GetValue<string>());
        Assert.Equal(1, registered.Body?["secretVersion"]?.GetValue<int>());
        var reply = registered.Body!.ToJsonString();
        Assert.DoesNotContain(email, reply);
        Assert.DoesNotContain(apiSecret, reply);

        var ciphertext = await AppDatabase.ScalarAsync<string>(topology, "SELECT email_ciphertext FROM app.registered_users WHERE id = @id", cancellationToken, ("id", id));
        Assert.StartsWith("vault:v", ciphertext);
        Assert.DoesNotContain(email, ciphertext);
        using var root = topology.RootClient();
        Assert.Equal(apiSecret, (await root.KeyValue.ReadAsync($"apps/registered-users/{id}", cancellationToken: cancellationToken))?.Data?["apiSecret"]);

        var masked = await Eventually.MatchesAsync(
            () => AppDatabase.ColumnAsync<string>(topology, "SELECT recipient_masked FROM app.welcome_messages WHERE user_id = @id", cancellationToken, ("id", id)),
            rows => rows.Count == 1,
            $"the reader to queue a welcome message for {id}");
        Assert.Equal("a***@example.com", masked[0]);
    }

    [Fact]
    public async Task ARegisteredIdCannotBeRegisteredAgain()
    {
        var cancellationToken = TestTimeout.Token();
        var topology = shared.Topology;
        using var writer = WriterApi.For(topology);
        var id = $"user-{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.Created, (await writer.RegisterUserAsync(id, "Bob", topology.Secret($"bob.{Guid.NewGuid():N}@example.com"), topology.Secret($"api-{Guid.NewGuid():N}"), cancellationToken)).Status);

        var again = await writer.RegisterUserAsync(id, "Mallory", topology.Secret($"mallory.{Guid.NewGuid():N}@example.com"), topology.Secret($"api-{Guid.NewGuid():N}"), cancellationToken);

        Assert.True(again.Status == HttpStatusCode.Conflict, $"second registration of {id}: {again}");
        Assert.Equal("Bob", await AppDatabase.ScalarAsync<string>(topology, "SELECT name FROM app.registered_users WHERE id = @id", cancellationToken, ("id", id)));
        using var root = topology.RootClient();
        Assert.Equal(1, (await root.KeyValue.ReadMetadataAsync($"apps/registered-users/{id}", cancellationToken))?.CurrentVersion);
    }
}
