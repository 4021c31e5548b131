using MassTransit;
using VaultDemo.ReaderWorker;
using VaultDemo.ReaderWorker.Messaging;
using VaultDemo.ServiceDefaults;
using VaultDemo.ServiceDefaults.Messaging;

// The read-only side: logs in with the reader AppRole, reads exactly the secret versions the writer announces,
// decrypts what transit encrypted, and reconciles against Vault's own listing so nothing is missed while the bus
// or the worker was down. Serves /health (Vault, PostgreSQL, bus) and /alive.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVaultClient("vault");
builder.AddVaultNpgsqlDataSource("appdb", role: "reader", database => database.TraceOnlyWithinOperations = true);
builder.AddVaultRabbitMqCredentials(role: "reader");
builder.AddRabbitMqMessaging("messaging", bus => bus.AddConsumer<SecretVersionWrittenConsumer, SecretVersionWrittenConsumerDefinition>());
builder.AddReader();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
