using System.Net;

namespace DevVault.Core;

/// <summary>CIDR checks for bound CIDR lists (tokens, AppRole secret ids). A bare address counts as a /32 or /128.</summary>
public static class Cidr
{
    public static bool IsValid(string cidr) => TryParse(cidr, out _);

    public static bool ContainsAny(IEnumerable<string> cidrs, string address)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        foreach (var cidr in cidrs)
        {
            if (TryParse(cidr, out var network) && network.Contains(ip))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the whole of <paramref name="block"/> lies inside one of <paramref name="bounds"/>: a /16 whose
    /// first address is inside a bound /24 is not inside it (Vault's cidrutil.SubsetBlocks).
    /// </summary>
    public static bool IsBlockWithin(string block, IEnumerable<string> bounds)
    {
        if (!TryParse(block, out var inner))
        {
            return false;
        }

        foreach (var bound in bounds)
        {
            if (TryParse(bound, out var outer)
                && outer.BaseAddress.AddressFamily == inner.BaseAddress.AddressFamily
                && outer.PrefixLength <= inner.PrefixLength
                && outer.Contains(inner.BaseAddress))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryParse(string cidr, out IPNetwork network)
    {
        var text = cidr.Trim();
        if (!text.Contains('/') && IPAddress.TryParse(text, out var single))
        {
            network = new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }

        return IPNetwork.TryParse(text, out network);
    }
}
