using System.Security.Cryptography;
using Aspire.Hosting.Publishing;

namespace VaultDemo.Hosting.Parameters;

/// <summary>
/// A secret generated on the first run and read back on every later one, from a 0600 file in the AppHost's persistent
/// state. For what data kept between runs was made with: PostgreSQL sets its superuser's password only when it creates
/// its data directory, so a password generated afresh each run (Aspire's default without user secrets) would lock the
/// AppHost out of its own database on the second run.
/// </summary>
internal sealed class PersistedSecretDefault(string path) : ParameterDefault
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public string Path { get; } = path;

    public override string GetDefaultValue()
    {
        if (File.Exists(Path) && File.ReadAllText(Path).Trim() is { Length: > 0 } kept)
        {
            return kept;
        }

        // Letters and digits only: it goes into URLs (Vault's storage connection_url) unescaped.
        var generated = RandomNumberGenerator.GetString(Alphabet, 32);
        PrivateFiles.Write(Path, generated);
        return generated;
    }

    /// <summary>A published deployment generates its own; nothing of this machine's file belongs in a manifest.</summary>
    public override void WriteToManifest(ManifestPublishingContext context) =>
        new GenerateParameterDefault { MinLength = 32, Special = false }.WriteToManifest(context);
}
