using Npgsql;
using VaultDemo.VaultBootstrapper.Database;
using VaultDemo.VaultBootstrapper.Vault;

namespace VaultDemo.VaultBootstrapper;

public static class BootstrapperRegistration
{
    /// <summary>The setup steps, their options, and the superuser connection to the application database (used only here).</summary>
    public static IHostApplicationBuilder AddBootstrapper(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BootstrapOptions.SectionName);
        builder.Services.AddOptions<BootstrapOptions>().Bind(section);
        var connectionName = section[nameof(BootstrapOptions.DatabaseConnectionName)] ?? "appdb";
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} (the application database, as a superuser) is not set.");

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new NpgsqlConnectionStringBuilder(connectionString));
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString)
            // ALTER ROLE ... PASSWORD cannot take a parameter; keep such statements out of traces.
            .ConfigureTracing(tracing => tracing.ConfigureCommandFilter(command => !command.CommandText.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase)))
            .Build());
        builder.Services.AddSingleton<SchemaMigration>();
        builder.Services.AddSingleton<VaultEngineSetup>();
        builder.Services.AddSingleton<DatabaseEngineSetup>();
        builder.Services.AddSingleton<PolicySetup>();
        builder.Services.AddSingleton<AppRoleSetup>();
        builder.Services.AddSingleton<BrokerEngineSetup>();
        builder.Services.AddSingleton<Bootstrapper>();
        return builder;
    }
}
