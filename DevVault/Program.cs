using DevVault.Cli;
using DevVault.Hosting;

var (options, exitCode, message) = CommandLine.Parse(args);
if (options is null)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(message);
    return exitCode;
}

DevVaultServer server;
try
{
    server = await DevVaultServer.StartAsync(options);
}
catch (Exception e) when (e is DevVault.Configuration.ConfigException or IOException or System.Security.Cryptography.CryptographicException or Npgsql.NpgsqlException)
{
    // The storage or a listener's certificate cannot be opened: say what, and do not start.
    Console.Error.WriteLine($"Error starting DevVault: {e.Message}");
    return 1;
}

await using var running = server;
Console.WriteLine(options.IsDevMode ? StartBanner.RenderDev(server, rootTokenGiven: options.RootToken.Length > 0) : StartBanner.RenderServer(server));

var stopped = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
await stopped.Task;
Console.WriteLine("==> DevVault shutdown triggered");
return 0;
