using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using VaultDemo.Orchestrator.ApplicationModel;
using VaultDemo.Orchestrator.Orchestration;

namespace VaultDemo.Orchestrator.Hosting.Postgres;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// A PostgreSQL server from the local binaries (installed from Debian's <c>postgresql</c> package when
    /// missing and allowed), with a generated superuser password parameter <c>&lt;name&gt;-password</c>.
    /// <c>ConnectionStrings:&lt;name&gt;</c> in configuration uses an existing server instead.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource>? password = null, int? port = null)
    {
        password ??= builder.AddParameter($"{name}-password", secret: true);
        var server = new PostgresServerResource(name, password.Resource);
        server.Annotations.Add(new EndpointAnnotation(PostgresServerResource.EndpointName, "tcp", port, targetEnvironmentVariable: null));
        server.Annotations.Add(new LauncherAnnotation(new PostgresLauncher(server)));
        return builder.AddResource(server)
            .WithHealthCheck("query", cancellationToken => QueryAsync(server, cancellationToken));
    }

    /// <summary>A database in the server, created when the server is up; referencing it gives its own connection string.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        database.Annotations.Add(new LauncherAnnotation(new PostgresDatabaseLauncher(database)));
        return server.ApplicationBuilder.AddResource(database)
            .WithHealthCheck("query", cancellationToken => QueryAsync(database, cancellationToken));
    }

    private static async Task<HealthCheckResult> QueryAsync(IResourceWithConnectionString resource, CancellationToken cancellationToken)
    {
        var connectionString = await resource.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false);
        if (connectionString is null)
        {
            return HealthCheckResult.Unhealthy("not started");
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy();
    }
}
