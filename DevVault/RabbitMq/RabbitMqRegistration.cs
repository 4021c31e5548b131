using DevVault.Core;

namespace DevVault.RabbitMq;

public static class RabbitMqRegistration
{
    /// <summary>Registers the <c>rabbitmq</c> secrets engine.</summary>
    public static IServiceCollection AddRabbitMqEngine(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("rabbitmq", false, context => new RabbitMqBackend(context)));
}
