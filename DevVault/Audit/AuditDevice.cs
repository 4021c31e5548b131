using System.Security.Cryptography;
using System.Text;

namespace DevVault.Audit;

/// <summary>
/// A file audit device: one JSON line per entry, values HMAC'd with the device's own salt.
/// The file is opened for each entry, so an external log rotation needs no signal and an unwritable
/// path is noticed on the very next request (which then fails closed).
/// </summary>
public sealed class AuditDevice
{
    private readonly Lock _writeLock = new();

    public required string Path { get; init; }

    /// <summary>The device's HMAC key; stored with the device so hashes stay comparable across restarts.</summary>
    public byte[] Salt { get; init; } = RandomNumberGenerator.GetBytes(32);

    public string Type { get; init; } = "file";

    public string Description { get; init; } = "";

    public bool Local { get; init; }

    public required Dictionary<string, string> Options { get; init; }

    public string FilePath => Options["file_path"];

    public bool HmacAccessor => !Options.TryGetValue("hmac_accessor", out var v) || !bool.TryParse(v, out var b) || b;

    public bool LogRaw => Options.TryGetValue("log_raw", out var v) && bool.TryParse(v, out var b) && b;

    public bool ElideListResponses => Options.TryGetValue("elide_list_responses", out var v) && bool.TryParse(v, out var b) && b;

    public string Prefix => Options.GetValueOrDefault("prefix", "");

    /// <summary>Vault's HMAC rendering: <c>hmac-sha256:&lt;hex&gt;</c>.</summary>
    public string Hash(string value) =>
        "hmac-sha256:" + Convert.ToHexStringLower(HMACSHA256.HashData(Salt, Encoding.UTF8.GetBytes(value)));

    /// <summary>Opens (creating) the file once to prove it is writable, and applies the mode.</summary>
    public void Validate()
    {
        if (FilePath is "stdout" or "discard")
        {
            return;
        }

        using (new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
        {
        }

        ApplyMode();
    }

    public void Write(string line)
    {
        var text = Prefix + line + "\n";
        switch (FilePath)
        {
            case "discard":
                return;
            case "stdout":
                lock (_writeLock)
                {
                    Console.Out.Write(text);
                    Console.Out.Flush();
                }

                return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_writeLock)
        {
            using var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(bytes);
            stream.Flush(flushToDisk: false);
        }
    }

    private void ApplyMode()
    {
        var mode = Options.GetValueOrDefault("mode", "0600");
        if (mode == "0000" || OperatingSystem.IsWindows())
        {
            return;
        }

        File.SetUnixFileMode(FilePath, (UnixFileMode)Convert.ToInt32(mode, 8));
    }
}
