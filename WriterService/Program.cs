using VaultDemo.ServiceDefaults;
using VaultDemo.ServiceDefaults.Messaging;
using VaultDemo.WriterService;

// The write-only side: logs in with the writer AppRole (files the AppHost leaves before each start), writes secrets it can
// never read back, and announces each new version through an outbox, so the broker being down delays events
// without losing them or slowing writes.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddVaultClient("vault");
builder.AddVaultNpgsqlDataSource("appdb", role: "writer", database => database.TraceOnlyWithinOperations = true);
builder.AddVaultRabbitMqCredentials(role: "writer");
builder.AddRabbitMqMessaging("messaging");
builder.AddWriter();

var app = builder.Build();
app.UseWriter();
app.MapDefaultEndpoints();
app.Run();
