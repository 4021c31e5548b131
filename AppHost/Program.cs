var builder = DistributedApplication.CreateBuilder(args);

// Containers run on Docker, or on Podman that this prepares on first use (see README, "Containers").
builder.PrepareContainerRuntime().AddStartupSummary();

// Infrastructure: PostgreSQL with the application database, RabbitMQ, and Vault (DevVault unless a vault or bao
// binary is on PATH). PostgreSQL and RabbitMQ run from the repository's Containerfiles.
// PostgreSQL keeps its data, and the password it was created with, in the AppHost's state directory: Vault's storage
// is in there, so a secret written in one run is read in the next. Delete that directory to start afresh.
var postgres = builder.AddPostgres("postgres", password: builder.AddPersistedSecretParameter("postgres-password"))
    .WithContainerfile("../containers/postgres")
    .WithDataBindMount(builder.GetPersistentStateDirectory("postgres"));
var appdb = postgres.AddDatabase("appdb");
// RabbitMQ keeps its data for the run: the broker users Vault created for the services outlive a broker restart.
// (Vault's broker connection is written anew by each run's bootstrapper, so a new broker each run is enough.)
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin().WithContainerfile("../containers/rabbitmq")
    .WithDataBindMount(builder.GetResourceStateDirectory("messaging"));
// Vault in production mode, its storage in a database of its own as in Vault's guide; the AppHost initialises it
// once and unseals it on every start. --Parameters:vault-mode=dev runs the in-memory dev server instead.
var vault = builder.AddVault("vault", devVault: new Projects.DevVault(), storage: postgres.AddDatabase("vault-storage", "vault"));

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
