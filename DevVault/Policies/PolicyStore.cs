using System.Collections.Concurrent;
using DevVault.Core;
using DevVault.Storage;

namespace DevVault.Policies;

/// <summary>
/// Named ACL policies kept in storage, and the ACLs built from them. ACLs are cached per policy set and the
/// cache is dropped on every policy write, so a request never evaluates against a stale policy.
/// </summary>
public sealed class PolicyStore : IPolicyStore
{
    private readonly IStorage _storage;
    private readonly ConcurrentDictionary<string, Policy> _policies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IAcl> _acls = new(StringComparer.Ordinal);

    public PolicyStore(IStorage storage)
    {
        _storage = new StorageView(storage, "sys/policy/");
        AddBuiltIns();
    }

    /// <summary>Parses every stored policy (at unseal). A stored <c>default</c> policy replaces the built-in one, as in Vault.</summary>
    public async ValueTask LoadAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in await _storage.ListAsync("", cancellationToken))
        {
            if (await _storage.GetAsync(name, cancellationToken) is { } text)
            {
                _policies[name] = PolicyParser.Parse(name, System.Text.Encoding.UTF8.GetString(text));
            }
        }

        _acls.Clear();
    }

    /// <summary>Forgets the parsed policies but the built-in ones (at seal).</summary>
    public void Unload()
    {
        _policies.Clear();
        _acls.Clear();
        AddBuiltIns();
    }

    private void AddBuiltIns()
    {
        _policies[BuiltInPolicies.Default] = PolicyParser.Parse(BuiltInPolicies.Default, BuiltInPolicies.DefaultText);
        _policies[BuiltInPolicies.ResponseWrapping] = PolicyParser.Parse(BuiltInPolicies.ResponseWrapping, BuiltInPolicies.ResponseWrappingText);
    }

    public ValueTask<IAcl> GetAclAsync(IReadOnlyList<string> policyNames, CancellationToken cancellationToken = default)
    {
        if (policyNames.Contains(BuiltInPolicies.Root))
        {
            return ValueTask.FromResult<IAcl>(RootAcl.Instance);
        }

        var key = string.Join(',', policyNames);
        var acl = _acls.GetOrAdd(key, _ => new Acl(policyNames.Select(n => _policies.GetValueOrDefault(n)).OfType<Policy>()));
        return ValueTask.FromResult(acl);
    }

    public ValueTask<bool> ExistsAsync(string name, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(name == BuiltInPolicies.Root || _policies.ContainsKey(name));

    public Policy? Get(string name) => _policies.GetValueOrDefault(name);

    /// <summary>Policy names as listings show them (without the internal response-wrapping policy, with root).</summary>
    public List<string> Names() =>
        [.. _policies.Keys.Where(n => n != BuiltInPolicies.ResponseWrapping).Append(BuiltInPolicies.Root).Order(StringComparer.Ordinal)];

    /// <summary>Parses and stores a policy. Throws a 400 for <c>root</c> and for text that does not parse.</summary>
    public async ValueTask SetAsync(string name, string text, CancellationToken cancellationToken = default)
    {
        if (name == BuiltInPolicies.Root)
        {
            throw VaultException.BadRequest("cannot update \"root\" policy");
        }

        if (name == BuiltInPolicies.ResponseWrapping)
        {
            throw VaultException.BadRequest("cannot update \"response-wrapping\" policy");
        }

        Policy policy;
        try
        {
            policy = PolicyParser.Parse(name, text);
        }
        catch (PolicyParseException e)
        {
            throw VaultException.BadRequest($"failed to parse policy: {e.Message}");
        }

        await _storage.PutAsync(name, System.Text.Encoding.UTF8.GetBytes(text), cancellationToken);
        _policies[name] = policy;
        _acls.Clear();
    }

    public async ValueTask DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        switch (name)
        {
            case BuiltInPolicies.Root:
                throw VaultException.BadRequest("cannot delete \"root\" policy");
            case BuiltInPolicies.Default:
                throw VaultException.BadRequest("cannot delete default policy");
            case BuiltInPolicies.ResponseWrapping:
                throw VaultException.BadRequest("cannot delete \"response-wrapping\" policy");
        }

        await _storage.DeleteAsync(name, cancellationToken);
        _policies.TryRemove(name, out _);
        _acls.Clear();
    }
}
