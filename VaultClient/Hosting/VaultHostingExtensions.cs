using System.Data.Common;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VaultDemo.VaultClient.Database;
using VaultDemo.VaultClient.Diagnostics;
using VaultDemo.VaultClient.Hosting;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers VaultClient the way Aspire client integrations register theirs: settings from the <c>Vault</c> section,
/// the address from <c>ConnectionStrings:&lt;name&gt;</c> or <c>services:&lt;name&gt;:http:0</c>, validation at start,
/// a lifecycle hosted service, a health check and telemetry, each with a <c>Disable*</c> switch.
/// </summary>
public static class VaultHostingExtensions
{
    public const string ConfigurationSectionName = "Vault";

    internal const string HttpClientName = "VaultDemo.Vault";

    /// <summary>Registers a singleton <see cref="VaultDemo.VaultClient.VaultClient"/> whose token is kept alive for the host's lifetime.</summary>
    public static IHostApplicationBuilder AddVaultClient(this IHostApplicationBuilder builder, string connectionName = "vault", Action<VaultDemo.VaultClient.VaultClientOptions>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        void Configure(VaultDemo.VaultClient.VaultClientOptions options)
        {
            builder.Configuration.GetSection(ConfigurationSectionName).Bind(options);
            options.Address ??= VaultConnectionString.Resolve(builder.Configuration, connectionName);
            configureSettings?.Invoke(options);
        }

        // Bound once now as well, because the Disable* switches decide what gets registered.
        var settings = new VaultDemo.VaultClient.VaultClientOptions();
        Configure(settings);

        var services = builder.Services;
        services.AddOptions<VaultDemo.VaultClient.VaultClientOptions>().Configure(Configure).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VaultDemo.VaultClient.VaultClientOptions>>(new VaultClientOptionsValidator(connectionName));
        services.TryAddSingleton(TimeProvider.System);
        // Vault writes are not idempotent, and VaultTransport retries what it knows is safe (once, after an invalid
        // token): a resilience handler added to every client (AddServiceDefaults) would replay writes behind its back.
        // RemoveAllResilienceHandlers is the package's own way to opt one client out; it is marked experimental.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HttpClientName).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        services.TryAddSingleton(sp => new VaultTelemetry(!settings.DisableTracing, !settings.DisableMetrics, sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new VaultDemo.VaultClient.VaultClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<VaultDemo.VaultClient.VaultClientOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<VaultTelemetry>()));
        services.AddHostedService<VaultClientLifecycleService>();

        if (!settings.DisableHealthChecks)
        {
            services.AddHealthChecks().AddCheck<VaultHealthCheck>("vault");
        }

        return builder;
    }

    /// <summary>
    /// Registers a <see cref="VaultNpgsqlDataSource"/> (also as <see cref="DbDataSource"/>) for <paramref name="role"/>:
    /// host and database from <c>ConnectionStrings:&lt;connectionName&gt;</c>, credentials from Vault, rotated underneath.
    /// Call <see cref="AddVaultClient"/> first.
    /// </summary>
    public static IHostApplicationBuilder AddVaultNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName, string role, Action<VaultNpgsqlDataSourceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);
        ArgumentException.ThrowIfNullOrWhiteSpace(role);

        builder.Services.AddOptions<VaultNpgsqlDataSourceOptions>()
            .Configure(options =>
            {
                options.ConnectionString = builder.Configuration.GetConnectionString(connectionName) ?? "";
                options.Role = role;
                configure?.Invoke(options);
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ConnectionString), $"The database is not configured: set ConnectionStrings:{connectionName} (host, port, database; Vault supplies the user).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Role), "The Vault database role is not set.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(sp => new VaultNpgsqlDataSource(
            sp.GetRequiredService<VaultDemo.VaultClient.VaultClient>(),
            sp.GetRequiredService<IOptions<VaultNpgsqlDataSourceOptions>>().Value,
            sp.GetRequiredService<ILogger<VaultNpgsqlDataSource>>()));
        builder.Services.TryAddSingleton<DbDataSource>(sp => sp.GetRequiredService<VaultNpgsqlDataSource>());
        builder.Services.AddHostedService<VaultNpgsqlDataSourceService>();
        builder.Services.AddHealthChecks().AddCheck<VaultNpgsqlDataSourceHealthCheck>("postgres");
        return builder;
    }
}
