using VaultDemo.VaultBootstrapper.Diagnostics;
using VaultDemo.VaultClient.Admin;

namespace VaultDemo.VaultBootstrapper.Vault;

/// <summary>
/// Enables Vault's RabbitMQ secrets engine on the broker's management API, with one role per service whose users get
/// only the permissions in <c>Broker/&lt;service&gt;.json</c>. The services then log in to the broker as short-lived
/// users Vault creates; the administrator login stays with the broker, Vault and this bootstrapper.
/// </summary>
public sealed class BrokerEngineSetup(VaultClient.VaultClient vault, IConfiguration configuration, IOptions<BootstrapOptions> options, ILogger<BrokerEngineSetup> logger)
{
    public const string Mount = "rabbitmq";

    public async Task ApplyAsync(IReadOnlyCollection<string> services, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BrokerManagementUri))
        {
            // A setup without a broker (the writer's tests use an in-memory bus); the AppHost always passes one.
            Log.NoBroker(logger);
            return;
        }

        var (user, password) = AdministratorLogin(settings.BrokerConnectionName);
        if (!Uri.TryCreate(settings.BrokerManagementUri, UriKind.Absolute, out var management) || management.Scheme is not ("http" or "https"))
        {
            throw new FormatException("Bootstrap:BrokerManagementUri must be the http:// address of the broker's management API.");
        }

        var ttl = VaultDuration.Parse(settings.BrokerCredentialTtl, "Bootstrap:BrokerCredentialTtl");
        var maxTtl = VaultDuration.Parse(settings.BrokerCredentialMaxTtl, "Bootstrap:BrokerCredentialMaxTtl");
        await vault.Admin.EnableSecretsEngineAsync(Mount, "rabbitmq", cancellationToken: cancellationToken);
        await vault.Admin.WriteRabbitMqConnectionAsync(new RabbitMqConnectionDefinition
        {
            ConnectionUri = management.GetLeftPart(UriPartial.Authority),
            Username = user,
            Password = password,
            // The broker may still be starting (the AppHost does not make this wait for it); the login is proven when a
            // service first asks for its user, and a wrong one fails there with the broker's own 401 in Vault's error.
            VerifyConnection = false,
        }, Mount, cancellationToken);
        await vault.Admin.WriteRabbitMqLeaseAsync(ttl, maxTtl, Mount, cancellationToken);
        Log.BrokerEngineConfigured(logger, management.GetLeftPart(UriPartial.Authority), user, ttl, maxTtl);

        foreach (var service in services)
        {
            await vault.Admin.WriteRabbitMqRoleAsync(service, new RabbitMqRoleDefinition { Vhosts = EmbeddedText.Read($"Broker.{service}.json") }, Mount, cancellationToken);
            Log.BrokerRoleWritten(logger, service);
        }
    }

    /// <summary>The user and password of the broker URI Aspire hands over (<c>amqp://user:password@host:port</c>).</summary>
    private (string User, string Password) AdministratorLogin(string connectionName)
    {
        if (!Uri.TryCreate(configuration.GetConnectionString(connectionName), UriKind.Absolute, out var broker) || broker.UserInfo.Split(':', 2) is not [{ Length: > 0 } user, var password])
        {
            throw new FormatException($"ConnectionStrings:{connectionName} must be the broker's amqp:// URI with its administrator login.");
        }

        return (Uri.UnescapeDataString(user), Uri.UnescapeDataString(password));
    }
}
