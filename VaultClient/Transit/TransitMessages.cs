namespace VaultDemo.VaultClient.Transit;

/// <summary>Request body shared by the transit endpoints; unset members are omitted. Binary values are base64.</summary>
internal sealed class TransitRequest
{
    public string? Plaintext { get; init; }

    public string? Ciphertext { get; init; }

    public string? Context { get; init; }

    public string? Input { get; init; }

    public string? Hmac { get; init; }

    public int? Bits { get; init; }

    public int? Bytes { get; init; }

    public string? Format { get; init; }

    public List<TransitRequest>? BatchInput { get; init; }
}

/// <summary>Response data shared by the transit endpoints (also the shape of one batch result).</summary>
internal sealed class TransitResponseData
{
    public string? Ciphertext { get; init; }

    public string? Plaintext { get; init; }

    public int KeyVersion { get; init; }

    public string? Hmac { get; init; }

    public bool? Valid { get; init; }

    public string? RandomBytes { get; init; }

    public string? Error { get; init; }

    public List<TransitResponseData>? BatchResults { get; init; }
}
