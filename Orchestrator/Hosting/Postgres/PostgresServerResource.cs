using System.Globalization;
using Npgsql;
using VaultDemo.Orchestrator.ApplicationModel;

namespace VaultDemo.Orchestrator.Hosting.Postgres;

/// <summary>A PostgreSQL server: its superuser password parameter and its TCP endpoint.</summary>
public sealed class PostgresServerResource(string name, ParameterResource password) : Resource(name), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointAnnotation Endpoint => Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == EndpointName);

    public ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Annotations.OfType<ExternalResourceAnnotation>().FirstOrDefault()?.ConnectionString
            ?? (Endpoint.AllocatedPort is { } port
                ? new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = PostgresProcess.SuperUser, Password = Password.Value }.ConnectionString
                : null));
}

/// <summary>A database created in its server once the server is up.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent) : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = parent;

    IResource IResourceWithParent.Parent => Server;

    public async ValueTask<string?> GetConnectionStringAsync(CancellationToken cancellationToken = default)
    {
        if (Annotations.OfType<ExternalResourceAnnotation>().FirstOrDefault() is { } external)
        {
            return external.ConnectionString;
        }

        return await Server.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false) is { } server
            ? new NpgsqlConnectionStringBuilder(server) { Database = DatabaseName }.ConnectionString
            : null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({DatabaseName} on {Server.Name})");
}
