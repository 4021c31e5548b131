using VaultDemo.Integration.Tests.Infrastructure;

namespace VaultDemo.Integration.Tests.Bootstrapper;

/// <summary>
/// AppRole credentials reach a service as files only that service's user may read: a wider mode would let any local
/// process log in as the service (the role id alone is not secret, but together with the secret id it is a login).
/// </summary>
[Collection(SharedTopologyCollection.Name)]
public sealed class CredentialFileTests(SharedTopology shared)
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData(Topology.Writer, "role-id")]
    [InlineData(Topology.Writer, "secret-id")]
    [InlineData(Topology.Reader, "role-id")]
    [InlineData(Topology.Reader, "secret-id")]
    public void CredentialFilesAreReadableByTheirOwnerOnly(string service, string file)
    {
        var path = Path.Combine(shared.Topology.ServiceDirectory(service), file);

        Assert.True(File.Exists(path), $"The AppHost left no {file} for {service} at {path}");
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(path));
        Assert.NotEmpty(File.ReadAllText(path).Trim());
    }

    [Theory]
    [InlineData(Topology.Writer)]
    [InlineData(Topology.Reader)]
    public void ServiceDirectoriesAreClosedToOtherUsers(string service)
    {
        var mode = File.GetUnixFileMode(shared.Topology.ServiceDirectory(service));

        Assert.Equal(UnixFileMode.None, mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute));
    }
}
