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
    .WithEnvironment("VAULT_TOKEN", vault.Resource.RootToken);

// The services: each authenticates with its own AppRole, delivered by the bootstrapper.
builder.AddProject<Projects.WriterService>("writer")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithReference(appdb).WithReference(messaging)
    .WaitForCompletion(bootstrapper).WaitFor(messaging);

builder.AddProject<Projects.ReaderWorker>("reader")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithReference(appdb).WithReference(messaging)
    .WaitForCompletion(bootstrapper).WaitFor(messaging);

builder.Build().Run();
