using DevVault.Cli;
using DevVault.Hosting;

var (options, exitCode, message) = CommandLine.Parse(args);
if (options is null)
{
    (exitCode == 0 ? Console.Out : Console.Error).WriteLine(message);
    return exitCode;
}

await using var server = await DevVaultServer.StartAsync(options);
Console.WriteLine(StartBanner.Render(server, rootTokenGiven: options.RootToken.Length > 0));

var stopped = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
await stopped.Task;
Console.WriteLine("==> DevVault shutdown triggered");
return 0;
