namespace VaultDemo.VaultClient.Auth;

/// <summary>Reads a credential file (role id, secret id, token); errors name the file and the setting, never the content.</summary>
internal static class CredentialFile
{
    public static async Task<string> ReadAsync(string path, string settingName, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The credential file '{path}' ({settingName}) cannot be read: {e.Message}", e);
        }

        text = text.Trim();
        return text.Length > 0 ? text : throw new InvalidOperationException($"The credential file '{path}' ({settingName}) is empty.");
    }
}
