namespace VaultDemo.Hosting.Containers;

/// <summary>
/// A lock over every process on the machine (an exclusively opened file), so that test projects starting their
/// topologies side by side do not install packages or build the base image twice at the same time.
/// </summary>
internal sealed class MachineLock : IDisposable
{
    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    public static async Task<MachineLock> AcquireAsync(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), name + ".lock");
        while (true)
        {
            try
            {
                return new MachineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
