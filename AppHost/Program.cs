using VaultDemo.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: PostgreSQL with the application database, RabbitMQ, and Vault (DevVault when no vault binary is on PATH).
var postgres = builder.AddPostgres("postgres");
var appdb = postgres.AddDatabase("appdb");
var messaging = builder.AddRabbitMQ("messaging");
var vault = builder.AddVault("vault", devVault: new Projects.DevVault());

// The only holder of the root token besides the AppHost: sets Vault and the database up, then exits 0.
var bootstrapper = builder.AddProject<Projects.VaultBootstrapper>("vault-bootstrapper")
    .WithReference(vault).WaitFor(vault)
    .WithReference(appdb).WaitFor(appdb)
    .WithEnvironment("VAULT_TOKEN", vault.Resource.RootToken)
    .WithVaultAuditLog(vault)
    .WithCredentialLifetimes();

// The reader binds its queue at start, so it is healthy before the writer publishes anything.
var reader = builder.AddProject<Projects.ReaderWorker>("reader")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithReference(appdb).WithReference(messaging)
    .WithAppRoleFrom(bootstrapper).WaitFor(messaging);

builder.AddProject<Projects.WriterService>("writer")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithReference(appdb).WithReference(messaging)
    .WithAppRoleFrom(bootstrapper).WaitFor(messaging).WaitFor(reader);

builder.Build().Run();
