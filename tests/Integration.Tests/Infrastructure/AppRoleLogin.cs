namespace VaultDemo.Integration.Tests.Infrastructure;

/// <summary>A token of one AppRole, through the typed client and, for paths the client does not cover, raw HTTP.</summary>
public sealed record AppRoleLogin(VaultClient.VaultClient Client, VaultHttp Http) : IDisposable
{
    public void Dispose()
    {
        Client.Dispose();
        Http.Dispose();
    }
}
