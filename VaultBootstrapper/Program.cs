using VaultDemo.ServiceDefaults;
using VaultDemo.VaultBootstrapper;

// Runs once with the root token, sets up Vault and PostgreSQL for least privilege, delivers each service its
// AppRole credentials, and exits 0. Every step checks before it changes, so a second run changes nothing.
var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddVaultClient("vault", vault => vault.Auth.Token ??= builder.Configuration["VAULT_TOKEN"]);
builder.AddBootstrapper();

using var host = builder.Build();
await host.StartAsync();
var exitCode = await host.Services.GetRequiredService<Bootstrapper>().RunAsync(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
await host.StopAsync();
return exitCode;
