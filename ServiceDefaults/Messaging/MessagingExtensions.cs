using MassTransit;
using RabbitMQ.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VaultDemo.ServiceDefaults.Messaging;

/// <summary>
/// MassTransit over RabbitMQ, configured the way an Aspire client integration would be: the broker comes from
/// <c>ConnectionStrings:&lt;name&gt;</c> (an <c>amqp://host:port/vhost</c> URI), and the bus's health check becomes
/// part of <c>/health</c> (not <c>/alive</c>: a broker outage makes a service unready, not dead). The login comes
/// from an <see cref="ICredentialsProvider"/> in the container when there is one (a leased user from Vault, asked for
/// on every reconnect), else from the URI's user info.
/// </summary>
public static class MessagingExtensions
{
    public static TBuilder AddRabbitMqMessaging<TBuilder>(
        this TBuilder builder,
        string connectionName,
        Action<IBusRegistrationConfigurator>? configureBus = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureTransport = null)
        where TBuilder : IHostApplicationBuilder
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName);
        if (!Uri.TryCreate(connectionString, UriKind.Absolute, out var broker) || broker.Scheme is not ("amqp" or "amqps"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{connectionName} must be an amqp:// URI of the RabbitMQ broker.");
        }

        builder.Services.AddMassTransit(bus =>
        {
            configureBus?.Invoke(bus);
            bus.UsingRabbitMq((context, transport) =>
            {
                transport.Host(broker, host =>
                {
                    if (context.GetService<ICredentialsProvider>() is { } credentials)
                    {
                        host.CredentialsProvider = credentials;
                        return;
                    }

                    var (user, password) = Credentials(broker);
                    host.Username(user);
                    host.Password(password);
                });
                configureTransport?.Invoke(context, transport);
                transport.ConfigureEndpoints(context);
            });
        });
        return builder;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
    }
}
