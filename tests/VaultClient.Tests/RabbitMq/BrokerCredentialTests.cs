using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using RabbitMQ.Client;
using VaultDemo.TestSupport;
using VaultDemo.VaultClient.Admin;
using VaultDemo.VaultClient.RabbitMq;
using VaultDemo.VaultClient.Tests.Infrastructure;

namespace VaultDemo.VaultClient.Tests.RabbitMq;

/// <summary>
/// A leased broker user from DevVault's RabbitMQ engine on a real broker, driven by one fake clock shared by the client
/// and DevVault: renewed while it can be, replaced when the max TTL caps the renewal, the old user deleted, and a
/// connection that was open as the old user comes back as the new one.
/// </summary>
public sealed class BrokerCredentialTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxTtl = TimeSpan.FromMinutes(25);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private RabbitMQServer? _broker;
    private TestVault? _vault;

    private RabbitMQServer Broker => _broker!;

    private TestVault Vault => _vault!;

    public async Task InitializeAsync()
    {
        _broker = await RabbitMQServer.StartAsync();
        _vault = await TestVault.StartAsync(_time);
        using var root = Vault.CreateRootClient();
        await root.Admin.EnableSecretsEngineAsync("rabbitmq", "rabbitmq");
        await root.Admin.WriteRabbitMqConnectionAsync(new RabbitMqConnectionDefinition { ConnectionUri = Broker.ManagementUri.ToString(), Username = RabbitMQServer.AdminUser, Password = Broker.AdminPassword });
        await root.Admin.WriteRabbitMqLeaseAsync(Ttl, MaxTtl);
        await root.Admin.WriteRabbitMqRoleAsync("service", new RabbitMqRoleDefinition { Vhosts = """{"/": {"configure": ".*", "write": ".*", "read": ".*"}}""" });
    }

    [Fact]
    public async Task TheUserIsRenewedUntilTheMaxTtlThenReplacedAndAnOpenConnectionComesBackAsTheNewUser()
    {
        // The root token never expires: only the lease moves, on the clock DevVault keeps too.
        using var client = Vault.CreateClient(new VaultClientOptions { AuthMethod = VaultDemo.VaultClient.Auth.TokenAuthMethod.FromValue(Vault.RootToken) }, _time);
        using var log = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Debug));
        var credentials = new VaultRabbitMqCredentials(client, "service", logger: loggers.CreateLogger<VaultRabbitMqCredentials>());
        var factory = new ConnectionFactory
        {
            HostName = Broker.AmqpUri.Host,
            Port = Broker.AmqpUri.Port,
            CredentialsProvider = credentials,
            AutomaticRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromMilliseconds(200),
        };
        await using var connection = await factory.CreateConnectionAsync();
        var first = credentials.CurrentUsername!;
        using var stop = new CancellationTokenSource();
        var lifecycle = credentials.RunAsync(stop.Token);

        // Past two-thirds of the TTL: renewed to a full TTL (the max TTL is still far), same user.
        await LeaseClock.AdvanceUntilAsync(_time, lifecycle, () => log.Entries.Any(e => e.Contains("LeaseRenewed", StringComparison.Ordinal)), MaxTtl, "the first renewal", log);
        Assert.Equal(first, credentials.CurrentUsername);
        Assert.Equal(0, credentials.Replacements);

        // Once a renewal comes back capped by the max TTL, a new user replaces the old one, which is deleted.
        await LeaseClock.AdvanceUntilAsync(_time, lifecycle, () => credentials.Replacements == 1, MaxTtl, "the user to be replaced as the max TTL nears", log);
        var second = credentials.CurrentUsername!;
        Assert.NotEqual(first, second);
        Assert.True(_time.GetUtcNow() - _time.Start < MaxTtl, "the user was replaced only after the old one expired");
        await Eventually.UntilAsync(async () => !(await BrokerUsersAsync()).Contains(first), $"the broker to forget {first}");

        // The connection the broker closed with the old user recovers as the new one, and works.
        await Eventually.UntilAsync(async () => connection.IsOpen && (await BrokerConnectionUsersAsync()).Contains(second), $"the connection to come back as {second}");
        await using var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync(exclusive: true);
        await channel.BasicPublishAsync("", queue.QueueName, "hello"u8.ToArray());
        await Eventually.UntilAsync(async () => await channel.BasicGetAsync(queue.QueueName, autoAck: true) is not null, "the message through the recovered connection");

        await stop.CancelAsync();
        await lifecycle;
    }

    public async Task DisposeAsync()
    {
        if (_vault is not null)
        {
            await _vault.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }

    private async Task<HashSet<string>> BrokerUsersAsync() => await ManagementNamesAsync("api/users", "name");

    private async Task<HashSet<string>> BrokerConnectionUsersAsync() => await ManagementNamesAsync("api/connections", "user");

    private async Task<HashSet<string>> ManagementNamesAsync(string path, string field)
    {
        using var http = new HttpClient { BaseAddress = Broker.ManagementUri };
        http.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{RabbitMQServer.AdminUser}:{Broker.AdminPassword}")));
        var items = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement[]>(http, path) ?? [];
        return [.. items.Select(item => item.GetProperty(field).GetString()!)];
    }
}
