namespace VaultDemo.Hosting.Vault;

/// <summary>
/// Where the AppHost keeps what <c>sys/init</c> answers once and never again: the unseal key shares (one per line) and
/// the initial root token, each a 0600 file in Vault's persistent state directory (0700), next to nothing else that
/// is secret. A real deployment gives the shares to key holders or unseals with a KMS; see the README.
/// </summary>
public sealed class VaultKeyFiles(string directory)
{
    public const string UnsealKeysFileName = "unseal-keys";
    public const string RootTokenFileName = "root-token";

    public string Directory { get; } = directory;

    public string UnsealKeysPath => Path.Combine(Directory, UnsealKeysFileName);

    public string RootTokenPath => Path.Combine(Directory, RootTokenFileName);

    public bool Exist => File.Exists(UnsealKeysPath) && File.Exists(RootTokenPath);

    /// <summary>Keys first: with them a lost token can be regenerated in a real Vault, never the other way round.</summary>
    public void Save(IReadOnlyList<string> unsealKeys, string rootToken)
    {
        PrivateFiles.Write(UnsealKeysPath, string.Join('\n', unsealKeys) + "\n");
        PrivateFiles.Write(RootTokenPath, rootToken + "\n");
    }

    public IReadOnlyList<string> ReadUnsealKeys() =>
        [.. File.ReadAllLines(UnsealKeysPath).Select(line => line.Trim()).Where(line => line.Length > 0)];

    public string ReadRootToken() => File.ReadAllText(RootTokenPath).Trim();
}
