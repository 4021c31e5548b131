using DevVault.Core;

namespace DevVault.Database;

public static class DatabaseRegistration
{
    /// <summary>Registers the <c>database</c> secrets engine (PostgreSQL plugin).</summary>
    public static IServiceCollection AddDatabaseEngine(this IServiceCollection services) =>
        services.AddSingleton(new BackendRegistration("database", false, context => new DatabaseBackend(context)));
}
