namespace VaultDemo.VaultClient.Transport;

/// <summary>The <c>data</c> of every LIST: <c>{"keys":[...]}</c>.</summary>
internal sealed class VaultKeyList
{
    public string[]? Keys { get; init; }
}
