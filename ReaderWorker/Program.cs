using VaultDemo.ServiceDefaults;

// Placeholder until the services issue lands: a real process with the shared telemetry and health endpoints.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
