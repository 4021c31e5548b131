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
// RabbitMQ keeps its data there too: the broker users Vault created for the services outlive a broker restart.
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithContainerfile("../containers/rabbitmq")
    .WithDataBindMount(builder.GetResourceStateDirectory("messaging"));
var vault = builder.AddVault("vault", devVault: new Projects.DevVault());

// The only process besides Vault and the servers that holds an administrator login (the root token, PostgreSQL's and
// RabbitMQ's): sets Vault, the database and the broker's Vault engine up, then exits 0.
var bootstrapper = builder.AddProject<Projects.VaultBootstrapper>("vault-bootstrapper")
    .WithReference(vault).WaitFor(vault)
    .WithReference(appdb).WaitFor(appdb)
    .WithBrokerAdministration(messaging)
    .WithRootToken(vault)
    .WithVaultAuditLog(vault)
    .WithCredentialLifetimes();

// Services get addresses only: their database and broker users come from Vault, and the AppHost leaves each a fresh
// AppRole login before every start, so either can be restarted alone. They start side by side: a write published
// before the reader's queue exists is not lost, because the reader reconciles with Vault at start and on a timer.
builder.AddProject<Projects.ReaderWorker>("reader")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithDatabaseAddress(appdb).WithBrokerAddress(messaging)
    .WithAppRoleFrom(bootstrapper, vault).WaitFor(messaging);

builder.AddProject<Projects.WriterService>("writer")
    .WithHttpEndpoint().WithHttpHealthCheck("/health")
    .WithReference(vault).WithDatabaseAddress(appdb).WithBrokerAddress(messaging)
    .WithAppRoleFrom(bootstrapper, vault).WaitFor(messaging);

builder.Build().Run();
