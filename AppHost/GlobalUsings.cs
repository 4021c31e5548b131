global using VaultDemo.AppHost;
global using VaultDemo.Hosting;
global using VaultDemo.Hosting.Containers;
global using VaultDemo.Hosting.Lifecycle;
global using VaultDemo.Hosting.Vault;
global using VaultDemo.Hosting.Parameters;
global using VaultDemo.Hosting.References;
