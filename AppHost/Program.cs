var builder = DistributedApplication.CreateBuilder(args);

// Containers run on Docker, or on Podman that this prepares on first use (see README, "Containers").
builder.PrepareContainerRuntime().AddStartupSummary();

// Infrastructure: PostgreSQL with the application database, RabbitMQ, and Vault (DevVault unless a vault or bao
// binary is on PATH). PostgreSQL and RabbitMQ run from the repository's Containerfiles.
// PostgreSQL keeps its data in this run's state directory: a restart from the dashboard keeps the database, a
// new run starts empty, as DevVault does.
var postgres = builder.AddPostgres("postgres").WithContainerfile("../containers/postgres")
    .WithDataBindMount(builder.GetResourceStateDirectory("postgres"));
var appdb = postgres.AddDatabase("appdb");
var messaging = builder.AddRabbitMQ("messaging").WithContainerfile("../containers/rabbitmq");
var vault = builder.AddVault("vault", devVault: new Projects.DevVault());

// The only holder of the root token besides Vault: sets Vault and the database up, then exits 0.
var bootstrapper = builder.AddProject<Projects.VaultBootstrapper>("vault-bootstrapper")
    .WithReference(vault).WaitFor(vault)
    .WithReference(appdb).WaitFor(appdb)
    .WithRootToken(vault)
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
