using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DevVault.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace DevVault.Tests.RabbitMq;

public sealed class RabbitMqEngineTests(DevVaultFixture vault, RabbitMqFixture broker) : IClassFixture<DevVaultFixture>, IClassFixture<RabbitMqFixture>
{
    private VaultHttp Vault => vault.Vault;

    private static string Mount() => "rabbitmq-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<string> ConfiguredMountAsync()
    {
        var mount = Mount();
        (await Vault.PostAsync($"sys/mounts/{mount}", new { type = "rabbitmq" })).Expect(204);
        (await Vault.PostAsync($"{mount}/config/connection", new { connection_uri = broker.ManagementUri.ToString(), username = broker.AdminUser, password = broker.AdminPassword })).Expect(204);
        return mount;
    }

    private ConnectionFactory Amqp(string user, string password) => new() { Uri = broker.AmqpUri, UserName = user, Password = password };

    private async Task<HttpStatusCode> ManagementStatusAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = broker.ManagementUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.AdminUser}:{broker.AdminPassword}")));
        using var response = await http.GetAsync(path);
        return response.StatusCode;
    }

    [Fact]
    public async Task CredentialsPublishWhereTheRoleAllowsAndAreGoneAfterRevocation()
    {
        var mount = await ConfiguredMountAsync();
        var vhosts = """{"/": {"configure": "^$", "write": "^amq\\.topic$", "read": "^$"}}""";
        (await Vault.PostAsync($"{mount}/roles/publisher", new { vhosts, tags = "" })).Expect(204);

        var creds = (await Vault.GetAsync($"{mount}/creds/publisher")).Expect(200);
        var user = creds.Data!["username"]!.GetValue<string>();
        var password = creds.Data!["password"]!.GetValue<string>();
        var leaseId = creds.Json!["lease_id"]!.GetValue<string>();
        Assert.StartsWith($"{mount}/creds/publisher/", leaseId);
        Assert.Equal(HttpStatusCode.OK, await ManagementStatusAsync($"api/users/{Uri.EscapeDataString(user)}"));

        // The administrator watches amq.topic; the new user publishes there, which the role allows.
        var queue = "vault-test-" + Guid.NewGuid().ToString("N");
        await using var adminConnection = await Amqp(broker.AdminUser, broker.AdminPassword).CreateConnectionAsync();
        await using var admin = await adminConnection.CreateChannelAsync();
        await admin.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        await admin.QueueBindAsync(queue, "amq.topic", "orders");

        await using (var connection = await Amqp(user, password).CreateConnectionAsync())
        {
            await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
            await channel.BasicPublishAsync("amq.topic", "orders", Encoding.UTF8.GetBytes("order 1"));
            await Poll.UntilAsync(async () => await admin.MessageCountAsync(queue) == 1, "the published message to reach the queue");

            // amq.direct is outside the role's write pattern: the broker closes the channel.
            await Assert.ThrowsAnyAsync<RabbitMQClientException>(async () =>
            {
                await using var denied = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
                await denied.BasicPublishAsync("amq.direct", "orders", Encoding.UTF8.GetBytes("order 2"));
            });
        }

        (await Vault.PostAsync("sys/leases/revoke", new { lease_id = leaseId })).Expect(204);

        Assert.Equal(HttpStatusCode.NotFound, await ManagementStatusAsync($"api/users/{Uri.EscapeDataString(user)}"));
        await Assert.ThrowsAsync<BrokerUnreachableException>(async () => await Amqp(user, password).CreateConnectionAsync());
        await admin.QueueDeleteAsync(queue);
    }

    [Fact]
    public async Task TheLeaseFollowsConfigLease()
    {
        var mount = await ConfiguredMountAsync();
        (await Vault.PostAsync($"{mount}/config/lease", new { ttl = "1h", max_ttl = "2h" })).Expect(204);
        var lease = (await Vault.GetAsync($"{mount}/config/lease")).Expect(200).Data!;
        Assert.Equal(3600, lease["ttl"]!.GetValue<long>());
        Assert.Equal(7200, lease["max_ttl"]!.GetValue<long>());
        (await Vault.PostAsync($"{mount}/roles/reader", new { vhosts = """{"/": {"configure": "", "write": "", "read": ".*"}}""" })).Expect(204);

        var creds = (await Vault.GetAsync($"{mount}/creds/reader")).Expect(200);
        Assert.Equal(3600, creds.Json!["lease_duration"]!.GetValue<int>());
        Assert.True(creds.Json!["renewable"]!.GetValue<bool>());

        var renewed = (await Vault.PostAsync("sys/leases/renew", new { lease_id = creds.Json!["lease_id"]!.GetValue<string>(), increment = "3h" })).Expect(200);
        Assert.InRange(renewed.Json!["lease_duration"]!.GetValue<int>(), 7000, 7200);
        (await Vault.PostAsync($"{mount}/config/lease", new { ttl = "3h", max_ttl = "1h" })).Expect(400);
        (await Vault.PostAsync("sys/leases/revoke", new { lease_id = creds.Json!["lease_id"]!.GetValue<string>() })).Expect(204);
    }

    [Fact]
    public async Task RolesAreWrittenReadListedAndDeleted()
    {
        var mount = await ConfiguredMountAsync();
        (await Vault.PostAsync($"{mount}/roles/monitor", new
        {
            tags = "monitoring",
            vhosts = """{"/": {"configure": "", "write": "", "read": ".*"}}""",
            vhost_topics = """{"/": {"amq.topic": {"write": "^$", "read": ".*"}}}""",
        })).Expect(204);

        var role = (await Vault.GetAsync($"{mount}/roles/monitor")).Expect(200).Data!;
        Assert.Equal("monitoring", role["tags"]!.GetValue<string>());
        Assert.Equal(".*", role["vhosts"]!["/"]!["read"]!.GetValue<string>());
        Assert.Equal("^$", role["vhost_topics"]!["/"]!["amq.topic"]!["write"]!.GetValue<string>());
        Assert.Equal(["monitor"], (await Vault.ListAsync($"{mount}/roles")).Expect(200).Data!["keys"]!.AsArray().Select(k => k!.GetValue<string>()));

        (await Vault.PostAsync($"{mount}/roles/broken", new { vhosts = "{not json" })).Expect(400);
        (await Vault.GetAsync($"{mount}/roles/broken")).Expect(404);
        (await Vault.DeleteAsync($"{mount}/roles/monitor")).Expect(204);
        (await Vault.GetAsync($"{mount}/roles/monitor")).Expect(404);
        (await Vault.GetAsync($"{mount}/creds/monitor")).Expect(400);
    }

    [Fact]
    public async Task AConnectionThatCannotBeVerifiedIsRefusedAndNotStored()
    {
        var mount = Mount();
        (await Vault.PostAsync($"sys/mounts/{mount}", new { type = "rabbitmq" })).Expect(204);

        var refused = (await Vault.PostAsync($"{mount}/config/connection", new { connection_uri = broker.ManagementUri.ToString(), username = broker.AdminUser, password = "wrong-password" })).Expect(400);
        Assert.StartsWith("failed to validate the connection", refused.Errors[0]);
        Assert.DoesNotContain("wrong-password", refused.Body);

        (await Vault.PostAsync($"{mount}/roles/any", new { vhosts = """{"/": {"configure": "", "write": "", "read": ""}}""" })).Expect(204);
        var unconfigured = (await Vault.GetAsync($"{mount}/creds/any")).Expect(400);
        Assert.Equal("configure the connection with config/connection first", unconfigured.Errors[0]);
        (await Vault.GetAsync($"{mount}/config/connection")).Expect(405);
    }
}
